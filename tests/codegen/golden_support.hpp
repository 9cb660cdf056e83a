// Golden-test support: analyse a fixture schema's queries on a scratch database and emit code.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "strata/codegen/analysis.hpp"
#include "strata/codegen/emit.hpp"
#include "strata/codegen/models.hpp"
#include "strata/codegen/snapshot.hpp"
#include "strata/driver/connection.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/test_database.hpp"

namespace strata::codegen::golden {

inline const std::filesystem::path kSchemas =
    std::filesystem::path(STRATA_SOURCE_DIR) / "tests/codegen/schemas";
inline const std::filesystem::path kGolden =
    std::filesystem::path(STRATA_SOURCE_DIR) / "tests/codegen/golden";

/// STRATA_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing.
inline bool updating() {
    const char* v = std::getenv("STRATA_UPDATE_GOLDEN");
    return v != nullptr && std::string(v) == "1";
}

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

inline testing::TestDatabase schema_database(const std::string& schema) {
    return testing::migrated_database({.migrations_dir = kSchemas / schema / "migrations"});
}

inline std::vector<QuerySource> schema_queries(const std::string& schema) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(kSchemas / schema / "queries")) {
        if (e.path().extension() == ".sql") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return read_query_files(files, kSchemas / schema);
}

/// How the golden code is emitted: query rows that are a whole table reuse the models.
inline EmitOptions golden_emit_options(const std::string& schema) {
    return {.cpp_namespace = "golden::" + schema,
            .include_prefix = schema + "/",
            .overrides = {},
            .models_header = schema + "/models.hpp",
            .models_namespace = "golden::" + schema + "_models"};
}

/// The snapshot text and generated files of a fixture schema (snapshot first, models.hpp last).
inline std::vector<GeneratedFile> generate(const std::string& schema, Snapshot* out = nullptr) {
    auto db = schema_database(schema);
    auto conn = driver::Connection::open(db.url());
    const auto snapshot = analyze(conn, schema_queries(schema));
    std::vector<GeneratedFile> files{
        {.path = "strata_gen.json", .content = render_snapshot(snapshot)}};
    for (auto& f : emit(snapshot, golden_emit_options(schema))) {
        files.push_back(std::move(f));
    }
    ModelOptions models;
    models.cpp_namespace = "golden::" + schema + "_models";
    files.push_back(emit_models(schema::introspect(conn), models));
    if (out != nullptr) *out = snapshot;
    return files;
}

}  // namespace strata::codegen::golden
