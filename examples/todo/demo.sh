#!/usr/bin/env bash
# strata's main job on the sample project, as a user would run it: migrate, seed, inspect,
# round-trip, dump, document, then a small service over the schema. Run by `make demo`.
# Usage: examples/todo/demo.sh <build-dir>   (from the repository root)
set -euo pipefail
BUILD=$(cd "${1:-build/dev}" && pwd)
STRATA="$BUILD/tools/strata/strata"
SERVICE="$BUILD/examples/todo/strata_todo_service"
cd "$(dirname "${BASH_SOURCE[0]}")"
# The managed cluster runs as the unprivileged `postgres` account when we are root: it must be
# able to reach this directory.
if [ "$(id -u)" = 0 ]; then chmod o+x . .. ../.. 2>/dev/null || true; fi

step() { printf '\n$ strata %s\n' "$*"; "$STRATA" "$@"; }

printf '== the sample project: %s\n' "$PWD"
ls db/migrations db/seeds | sed 's/^/  /'
step init
# Start from scratch each run: revert whatever an earlier demo applied.
"$STRATA" --quiet down base >/dev/null 2>&1 || true
step status
step up
step seed
step status
step history
printf '\n== a down/up round trip: down reverts the migration applied last\n'
step down
step status --exit-code || echo "(exit code $?: something is pending, as expected)"
step up
step verify
printf '\n== the schema, from the catalog\n'
step dump --out schema.sql
step docs --out docs/schema
printf '\n== strata lint: an unsafe migration and a convention break, caught in a scratch copy\n'
# A copy of the project with one more migration; its database is a throwaway clone of the
# migrated schema (strata testdb create), so nothing here touches the demo's own database.
SCRATCH=$(mktemp -d)
cp -r strata.toml db "$SCRATCH"/
CLONE=$("$STRATA" --quiet testdb create)
cat > "$SCRATCH/db/migrations/20260101090500_add_priority.sql" <<'SQL'
-- Priority per todo, 1 to 5.
-- migrate:up
ALTER TABLE todos ADD COLUMN priority integer NOT NULL;
CREATE INDEX ix_todos_priority ON todos (priority);
ALTER TABLE todos ADD CONSTRAINT todos_priority_range CHECK (priority BETWEEN 1 AND 5) NOT VALID;
-- migrate:down
ALTER TABLE todos DROP COLUMN priority;
SQL
sed 's/^/  /' "$SCRATCH/db/migrations/20260101090500_add_priority.sql"
printf '\n$ strata lint   (in the scratch copy)\n'
(cd "$SCRATCH" && DATABASE_URL="$CLONE" "$STRATA" lint) ||
    echo "(exit code $?: error findings, as expected)"
printf '\n$ strata up   (in the scratch copy, against the clone)\n'
(cd "$SCRATCH" && "$STRATA" --url "$CLONE" up) || echo "(exit code $?: up refused to apply it)"
"$STRATA" --quiet testdb drop "$CLONE"
rm -rf "$SCRATCH"
printf '\n== the service\n'
"$SERVICE"
printf '\nLook at: %s/schema.sql (the squashed schema), %s/docs/schema/index.md (tables, ER diagrams)\n' "$PWD" "$PWD"
