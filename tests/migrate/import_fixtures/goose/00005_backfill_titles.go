package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upBackfillTitles, downBackfillTitles)
}

func upBackfillTitles(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE posts SET title = btrim(title)")
	return err
}

func downBackfillTitles(ctx context.Context, tx *sql.Tx) error { return nil }
