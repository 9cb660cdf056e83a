// expect: Repository<T>: the id does not convert to Repository<T>::Key
#include "strata/orm/repository.hpp"
struct Device {
    strata::Uuid id;
    std::string name;
};
template <>
struct strata::orm::Table<Device> {
    static constexpr std::string_view name = "devices";
    static constexpr auto columns =
        std::make_tuple(column("id", &Device::id, kPrimaryKey), column("name", &Device::name));
};
// A uuid key given as its text: parse it first (Uuid::parse).
inline bool remove(strata::Repository<Device>& r) {
    return r.delete_by_id(std::string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
}
