// database_options(): every pool setting from configuration reaches the Pool's options.
#include <gtest/gtest.h>

#include <chrono>

#include "strata/core/settings.hpp"
#include "strata/session/database.hpp"

namespace strata::session {
namespace {

using namespace std::chrono_literals;

TEST(DatabaseOptionsFromSettings, CarryEveryPoolSetting) {
    LoadOptions load;
    load.project_dir = "/nonexistent-strata-project";
    load.environment = EnvMap{{"DATABASE_URL", "postgresql://app@db/app"},
                              {"DB_POOL_SIZE", "4"},
                              {"DB_MAX_OVERFLOW", "2"},
                              {"DB_POOL_RECYCLE", "600"},
                              {"DB_POOL_RECYCLE_JITTER", "25"},
                              {"DB_POOL_TIMEOUT", "7"},
                              {"DB_POOL_IDLE_TIMEOUT", "90"},
                              {"DB_POOL_PRE_PING", "true"}};
    const auto settings = Settings::load(load);
    const auto o = database_options(settings.database(), settings.project_dir());
    EXPECT_EQ(o.pool.size, 4U);
    EXPECT_EQ(o.pool.max_overflow, 2U);
    EXPECT_EQ(o.pool.recycle, 600s);
    EXPECT_DOUBLE_EQ(o.pool.recycle_jitter, 0.25);
    EXPECT_EQ(o.pool.timeout, 7s);
    EXPECT_EQ(o.pool.idle_timeout, 90s);
    EXPECT_TRUE(o.pool.pre_ping);

    load.environment = EnvMap{{"DATABASE_URL", "postgresql://app@db/app"}};
    const auto defaults = database_options(Settings::load(load).database());
    EXPECT_DOUBLE_EQ(defaults.pool.recycle_jitter, 0.10);
    EXPECT_EQ(defaults.pool.idle_timeout, 0s);
}

}  // namespace
}  // namespace strata::session
