DROP INDEX "data_storage_name_time_index";--> statement-breakpoint
DROP INDEX "data_storage_name_type_time_index";--> statement-breakpoint
-- Every row stored so far is legacy (read through its row); rows stored from now on are not.
ALTER TABLE "data" ADD COLUMN "legacy" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "data" ALTER COLUMN "legacy" SET DEFAULT false;--> statement-breakpoint
ALTER TABLE "reading_blocks" ADD COLUMN "format" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "reading_blocks" ADD COLUMN "type" text;--> statement-breakpoint
ALTER TABLE "reading_blocks" ADD COLUMN "first_time" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reading_blocks" ADD COLUMN "last_time" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reading_blocks" ADD COLUMN "created_time" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "data_legacy_storage_name_time_index" ON "data" USING btree ("storage_name","time","id") WHERE "data"."legacy";--> statement-breakpoint
CREATE INDEX "reading_blocks_storage_name_first_time_index" ON "reading_blocks" USING btree ("storage_name","first_time");