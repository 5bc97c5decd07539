// Heavy keys and rebalancing advice (see rebalance.hpp).
#include "core/rebalance.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

std::string substitute_column(const std::string& expr, const std::string& column, const std::string& replacement) {
    auto ident_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80); };
    std::string out;
    size_t i = 0;
    while (i < expr.size()) {
        if (expr[i] == '\'') {  // a string literal: copy it whole
            size_t j = expr.find('\'', i + 1);
            while (j != std::string::npos && j + 1 < expr.size() && expr[j + 1] == '\'') j = expr.find('\'', j + 2);
            j = j == std::string::npos ? expr.size() : j + 1;
            out += expr.substr(i, j - i);
            i = j;
            continue;
        }
        bool start = i == 0 || !ident_char(expr[i - 1]);
        if (start && expr.compare(i, column.size(), column) == 0 &&
            (i + column.size() == expr.size() || !ident_char(expr[i + column.size()]))) {
            out += replacement;
            i += column.size();
            continue;
        }
        out += expr[i++];
    }
    return out;
}

std::string percent(double share) {
    char buf[32];
    double v = share * 100;
    std::snprintf(buf, sizeof buf, v >= 10 ? "%.1f%%" : v >= 1 ? "%.2f%%" : "%.3f%%", v);
    return buf;
}

namespace {

bool alarming(SkewStatus s) { return skew_severity(s) >= skew_severity(SkewStatus::Warning); }

std::string fix_text(const SetView& s) {
    return "PARTITION BY HASH (" + s.column + "), or the non-negative expression PARTITION BY LIST (((hashtext(" +
           s.column + "::text)::bigint & 2147483647) % " + std::to_string(s.buckets) + "))";
}

// Advice for one over-full partition. `explained`: its status is HEALTHY because its heaviest keys
// explain the excess (uniform hashing of keys this large does that).
Advice hot_partition(const SetView& s, const PartitionView& p, bool explained) {
    Advice a;
    a.partition = p.name;
    a.status = skew_status_name(p.skew.status);
    a.skew_factor = p.skew.skew_factor;
    const double expected = p.skew.expected_share;
    const std::string holds = p.name + " holds " + percent(p.skew.share) + " of the rows of " + s.parent +
                              " where a bucket should hold " + percent(expected) +
                              (explained ? " (status HEALTHY: that is what hashing does with keys this large, the hash is not at fault)" : "");
    if (p.keys.empty() && !s.key_stats) {
        a.kind = "refresh_key_statistics";
        a.text = holds + ". Run partman_ext.refresh_key_statistics('" + s.parent + "') to see which keys make it hot.";
        return a;
    }
    const double excess = p.skew.share - expected;
    if (!p.keys.empty() && p.keys.front().share >= 0.5 * excess && p.keys.front().share >= expected * s.thresholds.warning) {
        const HotKey& top = p.keys.front();
        a.kind = "split_hot_key";
        a.keys.push_back(top.key);
        a.text = holds + "; key " + top.key + " alone has " + percent(top.share) + " of all rows. No bucket count can split one key: sub-partition " + p.name +
                 " by another column (e.g. PARTITION BY HASH (id)), or move key " + top.key +
                 " to a table or partition of its own.";
        return a;
    }
    // Large keys: each at least a tenth of a bucket; together half the excess or more.
    std::string list;
    double large = 0;
    for (const HotKey& k : p.keys) {
        if (k.share < expected * 0.1 || a.keys.size() == 3) break;
        a.keys.push_back(k.key);
        large += k.share;
        list += (list.empty() ? "" : ", ") + k.key + " (" + percent(k.share) + ")";
    }
    if (large >= 0.5 * excess) {
        a.kind = "more_buckets";
        a.text = holds + "; its heaviest keys are " + list + ". Several large keys share this bucket: with " +
                 std::to_string(s.buckets * 2) +
                 " buckets they would most likely land in different partitions (a new table with more buckets, then copy).";
        return a;
    }
    a.keys.clear();
    a.kind = "investigate_hot_bucket";
    a.text = holds + ", and no key stands out: far more keys hash to it than uniform hashing puts in one bucket. "
             "Check how the keys are made (sequential or patterned ids under a weak bucket expression) and the bucket expression itself" +
             (s.hash ? std::string(".") : "; PARTITION BY HASH (" + s.column + ") uses PostgreSQL's own hash.");
    return a;
}

// Advice on the balance of the set (every kind but expression_key).
void balance_advice(const SetView& s, std::vector<Advice>& out) {
    const PartitionView* def = nullptr;
    for (const PartitionView& p : s.partitions)
        if (p.is_default) def = &p;
    const std::string set_status = skew_status_name(s.summary.status);
    if (!s.hash && !s.uncovered.empty()) {
        Advice a;
        a.partition = def ? def->name : "";
        a.kind = "fix_bucket_expression";
        a.status = "CRITICAL";
        a.text = "The bucket expression " + s.keydef + " yields " + s.uncovered + ", which no bucket takes: " +
                 (def ? "those rows go to the DEFAULT partition " + def->name + (def->rows ? " (" + std::to_string(*def->rows) + " rows now)" : "")
                      : std::string("inserting them fails")) +
                 ". Recreate the table with " + fix_text(s) + " and copy the rows over.";
        out.push_back(a);
    } else if (def && def->rows && *def->rows > 0) {
        Advice a;
        a.partition = def->name;
        a.kind = "empty_default";
        a.status = "CRITICAL";
        a.text = std::to_string(*def->rows) + " rows sit in the DEFAULT partition " + def->name +
                 ": their bucket values have no partition. Create the missing buckets with create_bucket_partitions('" +
                 s.parent + "', " + std::to_string(s.buckets) + ") after moving those rows out.";
        out.push_back(a);
    }
    if (s.summary.unknown_partitions > 0) {
        Advice a;
        a.kind = "analyze";
        a.status = "INSUFFICIENT_DATA";
        a.text = std::to_string(s.summary.unknown_partitions) + " partition(s) of " + s.parent +
                 " have never been analyzed, so their row counts are unknown. Run ANALYZE " + s.parent +
                 ", or look at analyze_partition_skew('" + s.parent + "', exact => true).";
        out.push_back(a);
        return;
    }
    if (s.summary.status == SkewStatus::InsufficientData) {
        Advice a;
        a.kind = "insufficient_data";
        a.status = set_status;
        a.text = s.parent + " has " + std::to_string(s.summary.total_rows) + " rows (" +
                 std::to_string(int64_t(s.summary.mean_rows)) + " per bucket)" +
                 (s.summary.has_noise ? "" : " whose key sizes are unknown") +
                 ": too few to tell skew from chance; nothing to change yet.";
        out.push_back(a);
        return;
    }
    bool any_hot = false;
    for (const PartitionView& p : s.partitions)
        if (!p.is_default && alarming(p.skew.status) && p.skew.skew_factor > 0) {
            out.push_back(hot_partition(s, p, false));
            any_hot = true;
        }
    size_t before = out.size();
    for (const PartitionView& p : s.partitions)
        if (!p.is_default && p.skew.status == SkewStatus::Healthy && p.skew.heavy_rows > 0 &&
            p.skew.skew_factor + 1e-9 >= s.thresholds.warning)
            out.push_back(hot_partition(s, p, true));
    const bool explained = out.size() > before;
    if (any_hot && !s.hash && !s.expression_exact) {
        Advice a;
        a.kind = "use_hash";
        a.status = set_status;
        a.text = "The bucket expression " + s.keydef + " is not a hash partman_ext recognises; uneven buckets can come from "
                 "the expression itself. Prefer " + fix_text(s) + ".";
        out.push_back(a);
    }
    if (!any_hot)
        for (const PartitionView& p : s.partitions)
            if (!p.is_default && alarming(p.skew.status)) {
                Advice a;
                a.partition = p.name;
                a.kind = "investigate_cold_bucket";
                a.status = skew_status_name(p.skew.status);
                a.skew_factor = p.skew.skew_factor;
                a.text = p.name + " holds only " + percent(p.skew.share) + " of the rows where a bucket should hold " +
                         percent(p.skew.expected_share) + ", and no bucket is over-full: check whether keys cluster "
                         "(e.g. sequential ids hashed by a weak expression) or rows were deleted from this bucket.";
                out.push_back(a);
            }
    if (out.empty() && !explained) {
        Advice a;
        a.kind = "none";
        a.status = set_status;
        char buf[160];
        std::snprintf(buf, sizeof buf, "%.3f", s.summary.max_skew);
        a.text = s.parent + " is balanced: largest deviation from 1/" + std::to_string(s.summary.partitions) +
                 " is a skew factor of " + buf + ", within the thresholds or the noise of hashing";
        double expected = s.summary.partitions > 0 ? double(s.summary.total_rows) / s.summary.partitions : 0;
        if (s.summary.has_noise && expected > 0) {
            std::snprintf(buf, sizeof buf, " (uniform hashing of its %.0f effective keys moves a bucket by up to %.3f by chance)",
                          s.summary.effective_keys, s.summary.noise_upper / expected);
            a.text += buf;
        }
        a.text += ". Nothing to change.";
        out.push_back(a);
    }
}

// A LIST set keyed on an expression: WHERE column = value cannot be pruned.
Advice expression_key(const SetView& s) {
    std::string expr = s.key_expression;
    if (expr.empty()) {  // LIST (expr) -> expr
        expr = s.keydef;
        size_t open = expr.find('(');
        if (open != std::string::npos && expr.size() > open + 1 && expr.back() == ')') expr = expr.substr(open + 1, expr.size() - open - 2);
    }
    Advice a;
    a.kind = "expression_key";
    a.status = skew_status_name(s.summary.status);
    a.text = s.parent + " is partitioned by LIST (" + expr + "): PostgreSQL prunes partitions only on that expression, so " +
             "WHERE " + s.column + " = $1 reads all " + std::to_string(s.buckets) + " partitions. Either also filter on the expression, " +
             "WHERE " + s.column + " = $1 AND " + expr + " = " + substitute_column(expr, s.column, "$1") +
             " (one partition is read), or recreate the table with PARTITION BY HASH (" + s.column +
             "), which prunes on equality. partman_ext.get_partition_for_value('" + s.parent +
             "', $1) (get_partition_for_collection($1) for chunks) names the one partition to query directly.";
    return a;
}

}  // namespace

std::vector<Advice> recommend(const SetView& s) {
    std::vector<Advice> out;
    balance_advice(s, out);
    if (!s.hash && s.expression) out.push_back(expression_key(s));
    return out;
}

}  // namespace core

}  // namespace pmx
