// Micro-benchmark of the pure planning core (src/core/planner.*) on the shape maintenance sees for
// every set of every pass: a set of 20 monthly partitions, premake 4, retention keeping 12.
// Prints nanoseconds per planned set (median of 7 rounds). Built and run by test/bench/core/run.sh.
#include "core/planner.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)


}  // namespace pmx

using namespace pmx;

int main(int argc, char** argv) {
    const int sets = argc > 1 ? std::atoi(argv[1]) : 200000;
    std::vector<double> rounds;
    volatile int64_t sink = 0;
    for (int round = 0; round < 7; ++round) {
        auto t0 = std::chrono::steady_clock::now();
        for (int s = 0; s < sets; ++s) {
            core::PlanInput in;
            for (int i = 0; i < 20; ++i) in.existing.push_back(core::Coverage{i + s % 3, i + 1 + s % 3, false, false});
            in.current = 16;
            in.premake = 4;
            in.keep_from = 5;
            core::CreatePlan p = core::plan_creation(in, 24);
            sink = sink + int64_t(p.present.size() + p.gap.size()) + int64_t(core::partitions_to_retire(in).size()) +
                   core::future_slots_covered(in);
        }
        auto t1 = std::chrono::steady_clock::now();
        rounds.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / sets);
    }
    std::sort(rounds.begin(), rounds.end());
    std::printf("plan one set (20 partitions, premake 4, retention): %.0f ns (median of 7 rounds of %d sets; sink %lld)\n",
                rounds[3], sets, (long long)sink);
    return 0;
}
