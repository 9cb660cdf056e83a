// strata::migrate alone: migration file names and the lock key.
#include <strata/migrate/lock.hpp>
#include <strata/migrate/migration.hpp>
#include "check.hpp"

int main() {
    const auto name = strata::migrate::parse_file_name("20260101000000_items.sql");
    return PACKAGE_CHECK(name && strata::migrate::advisory_key("strata") != 0);
}
