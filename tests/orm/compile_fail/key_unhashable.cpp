// expect: load_many: the primary key's type has no std::hash
#include "strata/orm/repository.hpp"
struct Blob {
    strata::Bytes digest;
    std::string name;
};
template <>
struct strata::orm::Table<Blob> {
    static constexpr std::string_view name = "blobs";
    static constexpr auto columns =
        std::make_tuple(column("digest", &Blob::digest, kPrimaryKey), column("name", &Blob::name));
};
inline auto load(strata::Repository<Blob>& r, const std::vector<strata::Bytes>& ids) {
    return r.load_many(ids);
}
