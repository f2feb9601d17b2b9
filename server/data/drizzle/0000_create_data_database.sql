CREATE TABLE "data" (
	"storage_name" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"sub_type" text,
	"time" timestamp with time zone NOT NULL,
	"created_time" timestamp with time zone DEFAULT now() NOT NULL,
	"source_id" bigint NOT NULL,
	"key_version" smallint NOT NULL,
	"readings" "bytea" NOT NULL,
	"identity" "bytea",
	CONSTRAINT "data_storage_name_id_key" PRIMARY KEY("storage_name","id")
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"storage_name" text NOT NULL,
	"source_key" text NOT NULL,
	"device_key" text NOT NULL,
	"upload_key" text NOT NULL,
	"key_version" smallint NOT NULL,
	"identity" "bytea" NOT NULL,
	"created_time" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "data_storage_name_time_index" ON "data" USING btree ("storage_name","time","id");--> statement-breakpoint
CREATE INDEX "data_storage_name_type_time_index" ON "data" USING btree ("storage_name","type","time");--> statement-breakpoint
CREATE UNIQUE INDEX "sources_storage_name_source_key_index" ON "sources" USING btree ("storage_name","source_key");--> statement-breakpoint
CREATE INDEX "sources_storage_name_upload_key_index" ON "sources" USING btree ("storage_name","upload_key");--> statement-breakpoint
CREATE INDEX "sources_storage_name_device_key_index" ON "sources" USING btree ("storage_name","device_key");