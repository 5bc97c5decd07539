// Materialized set-returning function output (see srf.hpp).
#include "pg/srf.hpp"

extern "C" {
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
}

namespace pg {

SrfOut::SrfOut(FunctionCallInfo fcinfo) {
    call([&] { InitMaterializedSRF(fcinfo, 0); });
    auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    tupstore_ = rsinfo->setResult;
    TupleDesc desc = rsinfo->setDesc;
    natts_ = desc->natts;
    attinmeta_ = call([&] { return static_cast<void*>(TupleDescGetAttInMetadata(desc)); });
}

void SrfOut::add(const TextRow& row) {
    if (static_cast<int>(row.size()) != natts_) throw std::logic_error("SrfOut: row width does not match result type");
    std::vector<char*> values(row.size(), nullptr);
    for (size_t i = 0; i < row.size(); ++i)
        if (row[i]) values[i] = const_cast<char*>(row[i]->c_str());
    call([&] {
        HeapTuple tuple = BuildTupleFromCStrings(static_cast<AttInMetadata*>(attinmeta_), values.data());
        tuplestore_puttuple(static_cast<Tuplestorestate*>(tupstore_), tuple);
    });
}

std::optional<std::string> text_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
    Oid type = call([&] { return get_fn_expr_argtype(fcinfo->flinfo, n); });
    Datum d = PG_GETARG_DATUM(n);
    if (type == NAMEOID) return std::string(NameStr(*DatumGetName(d)));
    char* s = call([&] { return text_to_cstring(DatumGetTextPP(d)); });
    return std::string(s);
}

}  // namespace pg
