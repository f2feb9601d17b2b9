CREATE TABLE "reading_blocks" (
	"storage_name" text NOT NULL,
	"id" text NOT NULL,
	"source_id" bigint NOT NULL,
	"key_version" smallint NOT NULL,
	"readings" "bytea" NOT NULL,
	CONSTRAINT "reading_blocks_storage_name_id_key" PRIMARY KEY("storage_name","id")
);
--> statement-breakpoint
ALTER TABLE "data" ALTER COLUMN "readings" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "data" ADD COLUMN "block_id" text;--> statement-breakpoint
ALTER TABLE "data" ADD COLUMN "block_index" integer;--> statement-breakpoint
CREATE INDEX "reading_blocks_storage_name_source_id_index" ON "reading_blocks" USING btree ("storage_name","source_id");