ALTER TABLE "reading_blocks" ADD COLUMN "entry_count" integer;--> statement-breakpoint
ALTER TABLE "reading_blocks" ADD COLUMN "entry_ids" "bytea";