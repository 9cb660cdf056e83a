// expect: load_many: the primary key's type has no std::hash
#include "strata/orm/repository.hpp"
// A user's key type, bound and decoded as text, without a std::hash specialisation.
struct Sku {
    std::string code;
    friend bool operator==(const Sku&, const Sku&) = default;
};
template <>
struct strata::driver::ToValue<Sku> {
    static Value convert(const Sku& s) { return Value(s.code); }
};
template <>
struct strata::driver::Decoder<Sku> {
    static Sku decode(const Cell& c) { return {Decoder<std::string>::decode(c)}; }
};
struct Item {
    Sku sku;
    std::string name;
};
template <>
struct strata::orm::Table<Item> {
    static constexpr std::string_view name = "items";
    static constexpr auto columns =
        std::make_tuple(column("sku", &Item::sku, kPrimaryKey), column("name", &Item::name));
};
inline auto load(strata::Repository<Item>& r, const std::vector<Sku>& ids) {
    return r.load_many(ids);
}
