// Materialized set-returning function output (see srf.hpp).
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"
}

#include <cstdlib>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

constexpr char kRelMark = '\x01';  // a value made by rel_value(): the mark, then the OID in digits

// The schema-qualified, quoted name of a relation (no privilege needed); its OID when it is gone.
std::string qualified_rel(Oid relid) {
    const char* name = call([&]() -> const char* {
        char* rel = get_rel_name(relid);
        char* nsp = rel ? get_namespace_name(get_rel_namespace(relid)) : nullptr;
        return rel && nsp ? quote_qualified_identifier(nsp, rel) : nullptr;
    });
    return name ? std::string(name) : std::to_string(relid);
}

}  // namespace

std::optional<std::string> rel_value(Oid relid) {
    if (!OidIsValid(relid)) return std::nullopt;
    return std::string(1, kRelMark) + std::to_string(relid);
}

SrfOut::SrfOut(FunctionCallInfo fcinfo) {
    call([&] { InitMaterializedSRF(fcinfo, 0); });
    auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    tupstore_ = rsinfo->setResult;
    TupleDesc desc = rsinfo->setDesc;
    natts_ = desc->natts;
    for (int i = 0; i < natts_; ++i) types_.push_back(TupleDescAttr(desc, i)->atttypid);
    attinmeta_ = call([&] { return static_cast<void*>(TupleDescGetAttInMetadata(desc)); });
}

void SrfOut::add(const TextRow& row) {
    if (static_cast<int>(row.size()) != natts_) throw std::logic_error("SrfOut: row width does not match result type");
    std::vector<char*> values(row.size(), nullptr);
    std::vector<std::string> rels(row.size());
    for (size_t i = 0; i < row.size(); ++i) {
        if (!row[i]) continue;
        if (!row[i]->empty() && (*row[i])[0] == kRelMark) {
            Oid relid = static_cast<Oid>(std::strtoul(row[i]->c_str() + 1, nullptr, 10));
            rels[i] = types_[i] == REGCLASSOID ? std::to_string(relid) : qualified_rel(relid);
            values[i] = const_cast<char*>(rels[i].c_str());
        } else {
            values[i] = const_cast<char*>(row[i]->c_str());
        }
    }
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

}  // namespace pmx
