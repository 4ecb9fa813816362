CREATE TABLE "triggers" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"config" jsonb NOT NULL,
	"token_hash" text,
	"encrypted_token" text,
	"next_run_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"usage_day" text,
	"tokens_today" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "trigger_id" text;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "triggers_agent_idx" ON "triggers" USING btree ("agent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "triggers_token_hash_idx" ON "triggers" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "triggers_next_run_idx" ON "triggers" USING btree ("next_run_at");