// Native key expressions for routing (see routing_key.hpp).
#include "engine/routing_key.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "nodes/nodeFuncs.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/pg_locale.h"
#include "utils/uuid.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace routing {

struct KeyOp {
    enum Kind : uint8 {
        IntValue,   // the column value, an int2/int4/int8
        UuidValue,  // the column value, a uuid (only below UuidText / HashUuid)
        TextValue,  // the column value, a text or varchar
        Const,      // constant
        Cast,       // int2/int4/int8 -> width: range-checked like int84, i4toi2, int82
        Mod,        // int2mod / int4mod / int8mod
        And,        // int2and / int4and / int8and
        Abs,        // int2abs / int4abs / int8abs
        HashText,   // hashtext(text), deterministic collation: hash_any over the bytes
        HashUuid,   // uuid_hash(uuid)
        HashInt,    // hashint2 / hashint4 (hash_uint32 of the int32) or hashint8
        UuidText,   // uuid::text (CoerceViaIO: uuid_out, textin)
        IntText,    // int::text (CoerceViaIO: int2out / int4out / int8out, textin)
    };
    Kind kind;
    int width;  // integer result: 2, 4 or 8 bytes; text and uuid producers: 0
    const KeyOp* a;
    const KeyOp* b;
    int64 constant;
};

namespace {

int int_width(Oid type) { return type == INT2OID ? 2 : type == INT4OID ? 4 : type == INT8OID ? 8 : 0; }

bool is_text(const KeyOp* op) { return op && (op->kind == KeyOp::TextValue || op->kind == KeyOp::UuidText || op->kind == KeyOp::IntText); }

bool is_int(const KeyOp* op, int width = 0) { return op && op->width != 0 && (width == 0 || op->width == width); }

KeyOp* make(KeyOp::Kind kind, int width, const KeyOp* a = nullptr, const KeyOp* b = nullptr) {
    KeyOp* op = (KeyOp*)palloc0(sizeof(KeyOp));
    op->kind = kind;
    op->width = width;
    op->a = a;
    op->b = b;
    return op;
}

PGFunction c_function(Oid funcid) {
    FmgrInfo f;
    fmgr_info(funcid, &f);
    return f.fn_addr;
}

PGFunction output_function(Oid type) {
    Oid out;
    bool varlena;
    getTypeOutputInfo(type, &out, &varlena);
    return c_function(out);
}

// hashtext hashes the bytes (hash_any) exactly when the collation is deterministic.
bool deterministic(Oid collid) {
    if (!OidIsValid(collid)) return false;  // hashtext raises an error: leave it to the executor
    if (lc_collate_is_c(collid)) return true;
    pg_locale_t locale = pg_newlocale_from_collation(collid);
    return !locale || locale->deterministic;
}

KeyOp* compile(Node* n, AttrNumber attno);

KeyOp* compile_call(PGFunction fn, List* args, Oid result_type, Oid inputcollid, AttrNumber attno) {
    int width = int_width(result_type);
    int nargs = list_length(args);
    KeyOp* a = nargs >= 1 ? compile((Node*)linitial(args), attno) : nullptr;
    KeyOp* b = nargs >= 2 ? compile((Node*)lsecond(args), attno) : nullptr;
    if (!a || width == 0) return nullptr;
    if (nargs == 2 && is_int(a, width) && is_int(b, width)) {
        if (fn == int2mod || fn == int4mod || fn == int8mod) return make(KeyOp::Mod, width, a, b);
        if (fn == int2and || fn == int4and || fn == int8and) return make(KeyOp::And, width, a, b);
        return nullptr;
    }
    if (nargs != 1) return nullptr;
    if ((fn == int2abs || fn == int4abs || fn == int8abs) && is_int(a, width)) return make(KeyOp::Abs, width, a);
    if ((fn == i2toi4 || fn == int28 || fn == int48 || fn == i4toi2 || fn == int82 || fn == int84) && is_int(a)) return make(KeyOp::Cast, width, a);
    if (width != 4) return nullptr;
    if (fn == hashtext && is_text(a) && deterministic(inputcollid)) return make(KeyOp::HashText, 4, a);
    if (fn == uuid_hash && a->kind == KeyOp::UuidValue) return make(KeyOp::HashUuid, 4, a);
    if ((fn == hashint2 && is_int(a, 2)) || (fn == hashint4 && is_int(a, 4)) || (fn == hashint8 && is_int(a, 8)))
        return make(KeyOp::HashInt, 4, a);
    return nullptr;
}

KeyOp* compile(Node* n, AttrNumber attno) {
    if (!n) return nullptr;
    switch (nodeTag(n)) {
        case T_Var: {
            Var* v = (Var*)n;
            if (v->varlevelsup != 0 || v->varattno != attno) return nullptr;
            if (int w = int_width(v->vartype)) return make(KeyOp::IntValue, w);
            if (v->vartype == UUIDOID) return make(KeyOp::UuidValue, 0);
            if (v->vartype == TEXTOID || v->vartype == VARCHAROID) return make(KeyOp::TextValue, 0);
            return nullptr;
        }
        case T_Const: {
            Const* c = (Const*)n;
            int w = int_width(c->consttype);
            if (c->constisnull || w == 0) return nullptr;
            KeyOp* op = make(KeyOp::Const, w);
            op->constant = w == 2 ? DatumGetInt16(c->constvalue) : w == 4 ? DatumGetInt32(c->constvalue) : DatumGetInt64(c->constvalue);
            return op;
        }
        case T_RelabelType: {  // binary-compatible: varchar -> text, a domain -> its base type
            RelabelType* r = (RelabelType*)n;
            KeyOp* a = compile((Node*)r->arg, attno);
            if (is_int(a, int_width(r->resulttype)) || (is_text(a) && (r->resulttype == TEXTOID || r->resulttype == VARCHAROID)))
                return a;
            return nullptr;
        }
        case T_CoerceViaIO: {
            CoerceViaIO* c = (CoerceViaIO*)n;
            if (c->resulttype != TEXTOID) return nullptr;
            Oid in, ioparam;
            getTypeInputInfo(TEXTOID, &in, &ioparam);
            if (c_function(in) != textin) return nullptr;
            KeyOp* a = compile((Node*)c->arg, attno);
            if (!a) return nullptr;
            PGFunction out = output_function(exprType((Node*)c->arg));
            if (out == uuid_out && a->kind == KeyOp::UuidValue) return make(KeyOp::UuidText, 0, a);
            if ((out == int2out && is_int(a, 2)) || (out == int4out && is_int(a, 4)) || (out == int8out && is_int(a, 8)))
                return make(KeyOp::IntText, 0, a);
            return nullptr;
        }
        case T_FuncExpr: {
            FuncExpr* f = (FuncExpr*)n;
            if (f->funcretset) return nullptr;
            return compile_call(c_function(f->funcid), f->args, f->funcresulttype, f->inputcollid, attno);
        }
        case T_OpExpr: {
            OpExpr* o = (OpExpr*)n;
            if (o->opretset) return nullptr;
            set_opfuncid(o);
            return compile_call(c_function(o->opfuncid), o->args, o->opresulttype, o->inputcollid, attno);
        }
        default:
            return nullptr;
    }
}

int64 min_of(int width) { return width == 2 ? PG_INT16_MIN : width == 4 ? PG_INT32_MIN : PG_INT64_MIN; }
int64 max_of(int width) { return width == 2 ? PG_INT16_MAX : width == 4 ? PG_INT32_MAX : PG_INT64_MAX; }

constexpr int kTextBuf = 40;

// The two lower-case hex digits of every byte.
struct HexPairs {
    char pair[256][2];
    constexpr HexPairs() : pair() {
        const char* hex = "0123456789abcdef";
        for (int b = 0; b < 256; ++b) {
            pair[b][0] = hex[b >> 4];
            pair[b][1] = hex[b & 15];
        }
    }
};
constexpr HexPairs kHexPairs;  // a uuid (36) or an int8 (20) and its terminating NUL

bool eval_text(const KeyOp* op, Datum value, char* buf, const char** data, int* len);

bool eval_int(const KeyOp* op, Datum value, int64* out) {
    int64 x = 0, y = 0;
    switch (op->kind) {
        case KeyOp::IntValue:
            *out = op->width == 2 ? DatumGetInt16(value) : op->width == 4 ? DatumGetInt32(value) : DatumGetInt64(value);
            return true;
        case KeyOp::Const:
            *out = op->constant;
            return true;
        case KeyOp::Cast:
            if (!eval_int(op->a, value, &x) || x < min_of(op->width) || x > max_of(op->width)) return false;
            *out = x;
            return true;
        case KeyOp::Mod:  // int4mod: division by zero raises; x % -1 is 0 (avoids INT_MIN % -1)
            if (!eval_int(op->a, value, &x) || !eval_int(op->b, value, &y) || y == 0) return false;
            *out = y == -1 ? 0 : x % y;
            return true;
        case KeyOp::And:
            if (!eval_int(op->a, value, &x) || !eval_int(op->b, value, &y)) return false;
            *out = x & y;
            return true;
        case KeyOp::Abs:  // abs of the smallest value is out of range
            if (!eval_int(op->a, value, &x) || x == min_of(op->width)) return false;
            *out = x < 0 ? -x : x;
            return true;
        case KeyOp::HashText: {
            char buf[kTextBuf];
            const char* data;
            int len;
            if (!eval_text(op->a, value, buf, &data, &len)) return false;
            *out = (int32)hash_bytes((const unsigned char*)data, len);
            return true;
        }
        case KeyOp::HashUuid:
            *out = (int32)hash_bytes(DatumGetUUIDP(value)->data, UUID_LEN);
            return true;
        case KeyOp::HashInt: {
            if (!eval_int(op->a, value, &x)) return false;
            uint32 k = (uint32)x;
            if (op->a->width == 8) {  // hashint8: fold the high half in so that equal int4 and int8 hash alike
                uint32 hi = (uint32)(x >> 32);
                k ^= x >= 0 ? hi : ~hi;
            }
            *out = (int32)hash_bytes_uint32(k);
            return true;
        }
        default:
            return false;
    }
}

bool eval_text(const KeyOp* op, Datum value, char* buf, const char** data, int* len) {
    switch (op->kind) {
        case KeyOp::TextValue: {
            struct varlena* t = (struct varlena*)DatumGetPointer(value);
            if (VARATT_IS_EXTERNAL(t) || VARATT_IS_COMPRESSED(t)) return false;  // detoasting may raise
            *data = VARDATA_ANY(t);
            *len = (int)VARSIZE_ANY_EXHDR(t);
            return true;
        }
        case KeyOp::UuidText: {  // uuid_out: lower-case hex, dashes after bytes 4, 6, 8 and 10
            static constexpr int at[UUID_LEN] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
            const unsigned char* u = DatumGetUUIDP(value)->data;
            for (int i = 0; i < UUID_LEN; ++i) memcpy(buf + at[i], kHexPairs.pair[u[i]], 2);
            buf[8] = buf[13] = buf[18] = buf[23] = '-';
            *data = buf;
            *len = 36;
            return true;
        }
        case KeyOp::IntText: {
            int64 x;
            if (!eval_int(op->a, value, &x)) return false;
            int w = op->a->width;
            *len = w == 2 ? pg_itoa((int16)x, buf) : w == 4 ? pg_ltoa((int32)x, buf) : pg_lltoa(x, buf);
            *data = buf;
            return true;
        }
        default:
            return false;
    }
}

}  // namespace

bool support_cannot_raise(PGFunction fn) {
    static const PGFunction safe[] = {btint2cmp,        btint4cmp,        btint8cmp,        date_cmp,          timestamp_cmp, uuid_cmp,
                                      hashint2extended, hashint4extended, hashint8extended, uuid_hash_extended};
    for (PGFunction f : safe)
        if (fn == f) return true;
    return false;
}

KeyOp* compile_key(Node* expr, AttrNumber value_attno) {
    KeyOp* op = compile(expr, value_attno);
    return is_int(op, int_width(exprType(expr))) ? op : nullptr;
}

bool eval_key(const KeyOp* op, Datum value, Datum* key) {
    int64 x;
    if (!eval_int(op, value, &x)) return false;
    *key = op->width == 2 ? Int16GetDatum((int16)x) : op->width == 4 ? Int32GetDatum((int32)x) : Int64GetDatum(x);
    return true;
}

}  // namespace routing

}  // namespace pmx
