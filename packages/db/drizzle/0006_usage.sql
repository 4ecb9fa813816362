CREATE TABLE "usage_daily" (
	"workspace_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"version_id" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"runs" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"unpriced_tokens" bigint DEFAULT 0 NOT NULL,
	"first_token_0" integer DEFAULT 0 NOT NULL,
	"first_token_1" integer DEFAULT 0 NOT NULL,
	"first_token_2" integer DEFAULT 0 NOT NULL,
	"first_token_3" integer DEFAULT 0 NOT NULL,
	"first_token_4" integer DEFAULT 0 NOT NULL,
	"first_token_5" integer DEFAULT 0 NOT NULL,
	"first_token_6" integer DEFAULT 0 NOT NULL,
	"first_token_7" integer DEFAULT 0 NOT NULL,
	"first_token_8" integer DEFAULT 0 NOT NULL,
	"first_token_9" integer DEFAULT 0 NOT NULL,
	"first_token_10" integer DEFAULT 0 NOT NULL,
	"first_token_11" integer DEFAULT 0 NOT NULL,
	"first_token_12" integer DEFAULT 0 NOT NULL,
	"first_token_13" integer DEFAULT 0 NOT NULL,
	"first_token_14" integer DEFAULT 0 NOT NULL,
	"first_token_15" integer DEFAULT 0 NOT NULL,
	"first_token_16" integer DEFAULT 0 NOT NULL,
	"first_token_17" integer DEFAULT 0 NOT NULL,
	"first_token_18" integer DEFAULT 0 NOT NULL,
	"first_token_19" integer DEFAULT 0 NOT NULL,
	"first_token_20" integer DEFAULT 0 NOT NULL,
	"first_token_21" integer DEFAULT 0 NOT NULL,
	"first_token_22" integer DEFAULT 0 NOT NULL,
	"first_token_23" integer DEFAULT 0 NOT NULL,
	"first_token_24" integer DEFAULT 0 NOT NULL,
	"first_token_25" integer DEFAULT 0 NOT NULL,
	"first_token_26" integer DEFAULT 0 NOT NULL,
	"first_token_27" integer DEFAULT 0 NOT NULL,
	"duration_0" integer DEFAULT 0 NOT NULL,
	"duration_1" integer DEFAULT 0 NOT NULL,
	"duration_2" integer DEFAULT 0 NOT NULL,
	"duration_3" integer DEFAULT 0 NOT NULL,
	"duration_4" integer DEFAULT 0 NOT NULL,
	"duration_5" integer DEFAULT 0 NOT NULL,
	"duration_6" integer DEFAULT 0 NOT NULL,
	"duration_7" integer DEFAULT 0 NOT NULL,
	"duration_8" integer DEFAULT 0 NOT NULL,
	"duration_9" integer DEFAULT 0 NOT NULL,
	"duration_10" integer DEFAULT 0 NOT NULL,
	"duration_11" integer DEFAULT 0 NOT NULL,
	"duration_12" integer DEFAULT 0 NOT NULL,
	"duration_13" integer DEFAULT 0 NOT NULL,
	"duration_14" integer DEFAULT 0 NOT NULL,
	"duration_15" integer DEFAULT 0 NOT NULL,
	"duration_16" integer DEFAULT 0 NOT NULL,
	"duration_17" integer DEFAULT 0 NOT NULL,
	"duration_18" integer DEFAULT 0 NOT NULL,
	"duration_19" integer DEFAULT 0 NOT NULL,
	"duration_20" integer DEFAULT 0 NOT NULL,
	"duration_21" integer DEFAULT 0 NOT NULL,
	"duration_22" integer DEFAULT 0 NOT NULL,
	"duration_23" integer DEFAULT 0 NOT NULL,
	"duration_24" integer DEFAULT 0 NOT NULL,
	"duration_25" integer DEFAULT 0 NOT NULL,
	"duration_26" integer DEFAULT 0 NOT NULL,
	"duration_27" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_daily_workspace_id_agent_id_version_id_source_model_day_pk" PRIMARY KEY("workspace_id","agent_id","version_id","source","model","day")
);
--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"workspace_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"version_id" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"runs" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"unpriced_tokens" bigint DEFAULT 0 NOT NULL,
	"first_token_0" integer DEFAULT 0 NOT NULL,
	"first_token_1" integer DEFAULT 0 NOT NULL,
	"first_token_2" integer DEFAULT 0 NOT NULL,
	"first_token_3" integer DEFAULT 0 NOT NULL,
	"first_token_4" integer DEFAULT 0 NOT NULL,
	"first_token_5" integer DEFAULT 0 NOT NULL,
	"first_token_6" integer DEFAULT 0 NOT NULL,
	"first_token_7" integer DEFAULT 0 NOT NULL,
	"first_token_8" integer DEFAULT 0 NOT NULL,
	"first_token_9" integer DEFAULT 0 NOT NULL,
	"first_token_10" integer DEFAULT 0 NOT NULL,
	"first_token_11" integer DEFAULT 0 NOT NULL,
	"first_token_12" integer DEFAULT 0 NOT NULL,
	"first_token_13" integer DEFAULT 0 NOT NULL,
	"first_token_14" integer DEFAULT 0 NOT NULL,
	"first_token_15" integer DEFAULT 0 NOT NULL,
	"first_token_16" integer DEFAULT 0 NOT NULL,
	"first_token_17" integer DEFAULT 0 NOT NULL,
	"first_token_18" integer DEFAULT 0 NOT NULL,
	"first_token_19" integer DEFAULT 0 NOT NULL,
	"first_token_20" integer DEFAULT 0 NOT NULL,
	"first_token_21" integer DEFAULT 0 NOT NULL,
	"first_token_22" integer DEFAULT 0 NOT NULL,
	"first_token_23" integer DEFAULT 0 NOT NULL,
	"first_token_24" integer DEFAULT 0 NOT NULL,
	"first_token_25" integer DEFAULT 0 NOT NULL,
	"first_token_26" integer DEFAULT 0 NOT NULL,
	"first_token_27" integer DEFAULT 0 NOT NULL,
	"duration_0" integer DEFAULT 0 NOT NULL,
	"duration_1" integer DEFAULT 0 NOT NULL,
	"duration_2" integer DEFAULT 0 NOT NULL,
	"duration_3" integer DEFAULT 0 NOT NULL,
	"duration_4" integer DEFAULT 0 NOT NULL,
	"duration_5" integer DEFAULT 0 NOT NULL,
	"duration_6" integer DEFAULT 0 NOT NULL,
	"duration_7" integer DEFAULT 0 NOT NULL,
	"duration_8" integer DEFAULT 0 NOT NULL,
	"duration_9" integer DEFAULT 0 NOT NULL,
	"duration_10" integer DEFAULT 0 NOT NULL,
	"duration_11" integer DEFAULT 0 NOT NULL,
	"duration_12" integer DEFAULT 0 NOT NULL,
	"duration_13" integer DEFAULT 0 NOT NULL,
	"duration_14" integer DEFAULT 0 NOT NULL,
	"duration_15" integer DEFAULT 0 NOT NULL,
	"duration_16" integer DEFAULT 0 NOT NULL,
	"duration_17" integer DEFAULT 0 NOT NULL,
	"duration_18" integer DEFAULT 0 NOT NULL,
	"duration_19" integer DEFAULT 0 NOT NULL,
	"duration_20" integer DEFAULT 0 NOT NULL,
	"duration_21" integer DEFAULT 0 NOT NULL,
	"duration_22" integer DEFAULT 0 NOT NULL,
	"duration_23" integer DEFAULT 0 NOT NULL,
	"duration_24" integer DEFAULT 0 NOT NULL,
	"duration_25" integer DEFAULT 0 NOT NULL,
	"duration_26" integer DEFAULT 0 NOT NULL,
	"duration_27" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_hourly_workspace_id_agent_id_version_id_source_model_hour_pk" PRIMARY KEY("workspace_id","agent_id","version_id","source","model","hour")
);
--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD CONSTRAINT "usage_hourly_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD CONSTRAINT "usage_hourly_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_daily_workspace_idx" ON "usage_daily" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "usage_daily_agent_idx" ON "usage_daily" USING btree ("agent_id","day");--> statement-breakpoint
CREATE INDEX "usage_hourly_workspace_idx" ON "usage_hourly" USING btree ("workspace_id","hour");--> statement-breakpoint
CREATE INDEX "usage_hourly_agent_idx" ON "usage_hourly" USING btree ("agent_id","hour");--> statement-breakpoint
-- usage-backfill: hourly and daily rollups of the runs recorded before this migration (their tokens, cost at the list
-- prices of the time, duration; the time to the first token was not recorded, so that histogram stays empty).
with hourly as materialized (
select workspace_id, agent_id, version_id, source, model, hour, count(*) as runs, sum(failed) as failures, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens, sum(cost_usd) as cost_usd, sum(unpriced_tokens) as unpriced_tokens, count(*) filter (where ft = 0) as first_token_0, count(*) filter (where ft = 1) as first_token_1, count(*) filter (where ft = 2) as first_token_2, count(*) filter (where ft = 3) as first_token_3, count(*) filter (where ft = 4) as first_token_4, count(*) filter (where ft = 5) as first_token_5, count(*) filter (where ft = 6) as first_token_6, count(*) filter (where ft = 7) as first_token_7, count(*) filter (where ft = 8) as first_token_8, count(*) filter (where ft = 9) as first_token_9, count(*) filter (where ft = 10) as first_token_10, count(*) filter (where ft = 11) as first_token_11, count(*) filter (where ft = 12) as first_token_12, count(*) filter (where ft = 13) as first_token_13, count(*) filter (where ft = 14) as first_token_14, count(*) filter (where ft = 15) as first_token_15, count(*) filter (where ft = 16) as first_token_16, count(*) filter (where ft = 17) as first_token_17, count(*) filter (where ft = 18) as first_token_18, count(*) filter (where ft = 19) as first_token_19, count(*) filter (where ft = 20) as first_token_20, count(*) filter (where ft = 21) as first_token_21, count(*) filter (where ft = 22) as first_token_22, count(*) filter (where ft = 23) as first_token_23, count(*) filter (where ft = 24) as first_token_24, count(*) filter (where ft = 25) as first_token_25, count(*) filter (where ft = 26) as first_token_26, count(*) filter (where ft = 27) as first_token_27, count(*) filter (where du = 0) as duration_0, count(*) filter (where du = 1) as duration_1, count(*) filter (where du = 2) as duration_2, count(*) filter (where du = 3) as duration_3, count(*) filter (where du = 4) as duration_4, count(*) filter (where du = 5) as duration_5, count(*) filter (where du = 6) as duration_6, count(*) filter (where du = 7) as duration_7, count(*) filter (where du = 8) as duration_8, count(*) filter (where du = 9) as duration_9, count(*) filter (where du = 10) as duration_10, count(*) filter (where du = 11) as duration_11, count(*) filter (where du = 12) as duration_12, count(*) filter (where du = 13) as duration_13, count(*) filter (where du = 14) as duration_14, count(*) filter (where du = 15) as duration_15, count(*) filter (where du = 16) as duration_16, count(*) filter (where du = 17) as duration_17, count(*) filter (where du = 18) as duration_18, count(*) filter (where du = 19) as duration_19, count(*) filter (where du = 20) as duration_20, count(*) filter (where du = 21) as duration_21, count(*) filter (where du = 22) as duration_22, count(*) filter (where du = 23) as duration_23, count(*) filter (where du = 24) as duration_24, count(*) filter (where du = 25) as duration_25, count(*) filter (where du = 26) as duration_26, count(*) filter (where du = 27) as duration_27
from (with ended as (
  select id, workspace_id, agent_id, version_id, source, started_at, status, usage, duration_ms from runs
  where status in ('succeeded', 'failed', 'cancelled')
), step as (
  select s.run_id, node.config->>'provider' as provider, coalesce(node.config->>'model', '') as model_name,
    coalesce((s.usage->>'inputTokens')::bigint, 0) as input_tokens,
    coalesce((s.usage->>'outputTokens')::bigint, 0) as output_tokens
  from run_steps s
  join runs r on r.id = s.run_id and r.status in ('succeeded', 'failed', 'cancelled')
  left join agent_versions v on r.graph is null and v.id = r.version_id
  left join lateral (
    select n->'data'->'config' as config from jsonb_array_elements(coalesce(r.graph, v.graph)->'nodes') as n
    where n->>'id' = s.node_id and jsonb_typeof(n->'data'->'config'->'provider') = 'string' limit 1
  ) as node on true
  where coalesce((s.usage->>'inputTokens')::bigint, 0) + coalesce((s.usage->>'outputTokens')::bigint, 0) > 0
), priced as (
  select step.run_id, case when step.provider is null then '' else step.provider || ':' || step.model_name end as model,
    step.input_tokens, step.output_tokens,
    case when step.provider in ('offline', 'ollama') then 0
      else coalesce((step.input_tokens * price.input_usd + step.output_tokens * price.output_usd) / 1000000, 0) end as cost_usd,
    case when step.provider in ('offline', 'ollama') or price.input_usd is not null then 0
      else step.input_tokens + step.output_tokens end as unpriced_tokens
  from step left join (values
    ('openai', 'gpt-4o', 2.5, 10),
    ('openai', 'gpt-4o-mini', 0.15, 0.6),
    ('openai', 'gpt-4.1', 2, 8),
    ('openai', 'gpt-4.1-mini', 0.4, 1.6),
    ('openai', 'gpt-4.1-nano', 0.1, 0.4),
    ('openai', 'o4-mini', 1.1, 4.4),
    ('anthropic', 'claude-3-5-haiku-latest', 0.8, 4),
    ('anthropic', 'claude-sonnet-4-5', 3, 15),
    ('anthropic', 'claude-opus-4-1', 15, 75),
    ('google', 'gemini-2.5-flash', 0.3, 2.5),
    ('google', 'gemini-2.5-pro', 1.25, 10)
  ) as price(provider, model_name, input_usd, output_usd)
    on price.provider = step.provider and price.model_name = step.model_name
), per_model as (
  select run_id, model, sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens,
    sum(cost_usd) as cost_usd, sum(unpriced_tokens) as unpriced_tokens
  from priced group by run_id, model
), per_run as (
  select run_id, sum(cost_usd) as cost_usd, sum(unpriced_tokens) as unpriced_tokens from per_model group by run_id
)
select r.workspace_id, r.agent_id, coalesce(r.version_id, '') as version_id, r.source, '' as model,
  date_trunc('hour', r.started_at, 'UTC') as hour, (r.status = 'failed')::int as failed,
  coalesce((r.usage->>'inputTokens')::bigint, 0) as input_tokens,
  coalesce((r.usage->>'outputTokens')::bigint, 0) as output_tokens,
  coalesce(per_run.cost_usd, 0) as cost_usd, coalesce(per_run.unpriced_tokens, 0) as unpriced_tokens,
  null::integer as ft, width_bucket(r.duration_ms, array[5,10,15,25,40,60,100,150,250,400,600,1000,1500,2500,4000,6000,10000,15000,25000,40000,60000,100000,150000,250000,400000,600000,1000000]) as du
from ended r left join per_run on per_run.run_id = r.id
union all
select r.workspace_id, r.agent_id, coalesce(r.version_id, '') as version_id, r.source, per_model.model,
  date_trunc('hour', r.started_at, 'UTC') as hour, (r.status = 'failed')::int as failed,
  per_model.input_tokens, per_model.output_tokens, per_model.cost_usd, per_model.unpriced_tokens,
  null::integer as ft, width_bucket(r.duration_ms, array[5,10,15,25,40,60,100,150,250,400,600,1000,1500,2500,4000,6000,10000,15000,25000,40000,60000,100000,150000,250000,400000,600000,1000000]) as du
from per_model join ended r on r.id = per_model.run_id where per_model.model <> '') as contribution
group by workspace_id, agent_id, version_id, source, model, hour
), hours as (
insert into usage_hourly (workspace_id, agent_id, version_id, source, model, hour, runs, failures, input_tokens, output_tokens, cost_usd, unpriced_tokens, first_token_0, first_token_1, first_token_2, first_token_3, first_token_4, first_token_5, first_token_6, first_token_7, first_token_8, first_token_9, first_token_10, first_token_11, first_token_12, first_token_13, first_token_14, first_token_15, first_token_16, first_token_17, first_token_18, first_token_19, first_token_20, first_token_21, first_token_22, first_token_23, first_token_24, first_token_25, first_token_26, first_token_27, duration_0, duration_1, duration_2, duration_3, duration_4, duration_5, duration_6, duration_7, duration_8, duration_9, duration_10, duration_11, duration_12, duration_13, duration_14, duration_15, duration_16, duration_17, duration_18, duration_19, duration_20, duration_21, duration_22, duration_23, duration_24, duration_25, duration_26, duration_27)
select workspace_id, agent_id, version_id, source, model, hour, runs, failures, input_tokens, output_tokens, cost_usd, unpriced_tokens, first_token_0, first_token_1, first_token_2, first_token_3, first_token_4, first_token_5, first_token_6, first_token_7, first_token_8, first_token_9, first_token_10, first_token_11, first_token_12, first_token_13, first_token_14, first_token_15, first_token_16, first_token_17, first_token_18, first_token_19, first_token_20, first_token_21, first_token_22, first_token_23, first_token_24, first_token_25, first_token_26, first_token_27, duration_0, duration_1, duration_2, duration_3, duration_4, duration_5, duration_6, duration_7, duration_8, duration_9, duration_10, duration_11, duration_12, duration_13, duration_14, duration_15, duration_16, duration_17, duration_18, duration_19, duration_20, duration_21, duration_22, duration_23, duration_24, duration_25, duration_26, duration_27
from hourly
on conflict (workspace_id, agent_id, version_id, source, model, hour) do update set runs = usage_hourly.runs + excluded.runs, failures = usage_hourly.failures + excluded.failures, input_tokens = usage_hourly.input_tokens + excluded.input_tokens, output_tokens = usage_hourly.output_tokens + excluded.output_tokens, cost_usd = usage_hourly.cost_usd + excluded.cost_usd, unpriced_tokens = usage_hourly.unpriced_tokens + excluded.unpriced_tokens, first_token_0 = usage_hourly.first_token_0 + excluded.first_token_0, first_token_1 = usage_hourly.first_token_1 + excluded.first_token_1, first_token_2 = usage_hourly.first_token_2 + excluded.first_token_2, first_token_3 = usage_hourly.first_token_3 + excluded.first_token_3, first_token_4 = usage_hourly.first_token_4 + excluded.first_token_4, first_token_5 = usage_hourly.first_token_5 + excluded.first_token_5, first_token_6 = usage_hourly.first_token_6 + excluded.first_token_6, first_token_7 = usage_hourly.first_token_7 + excluded.first_token_7, first_token_8 = usage_hourly.first_token_8 + excluded.first_token_8, first_token_9 = usage_hourly.first_token_9 + excluded.first_token_9, first_token_10 = usage_hourly.first_token_10 + excluded.first_token_10, first_token_11 = usage_hourly.first_token_11 + excluded.first_token_11, first_token_12 = usage_hourly.first_token_12 + excluded.first_token_12, first_token_13 = usage_hourly.first_token_13 + excluded.first_token_13, first_token_14 = usage_hourly.first_token_14 + excluded.first_token_14, first_token_15 = usage_hourly.first_token_15 + excluded.first_token_15, first_token_16 = usage_hourly.first_token_16 + excluded.first_token_16, first_token_17 = usage_hourly.first_token_17 + excluded.first_token_17, first_token_18 = usage_hourly.first_token_18 + excluded.first_token_18, first_token_19 = usage_hourly.first_token_19 + excluded.first_token_19, first_token_20 = usage_hourly.first_token_20 + excluded.first_token_20, first_token_21 = usage_hourly.first_token_21 + excluded.first_token_21, first_token_22 = usage_hourly.first_token_22 + excluded.first_token_22, first_token_23 = usage_hourly.first_token_23 + excluded.first_token_23, first_token_24 = usage_hourly.first_token_24 + excluded.first_token_24, first_token_25 = usage_hourly.first_token_25 + excluded.first_token_25, first_token_26 = usage_hourly.first_token_26 + excluded.first_token_26, first_token_27 = usage_hourly.first_token_27 + excluded.first_token_27, duration_0 = usage_hourly.duration_0 + excluded.duration_0, duration_1 = usage_hourly.duration_1 + excluded.duration_1, duration_2 = usage_hourly.duration_2 + excluded.duration_2, duration_3 = usage_hourly.duration_3 + excluded.duration_3, duration_4 = usage_hourly.duration_4 + excluded.duration_4, duration_5 = usage_hourly.duration_5 + excluded.duration_5, duration_6 = usage_hourly.duration_6 + excluded.duration_6, duration_7 = usage_hourly.duration_7 + excluded.duration_7, duration_8 = usage_hourly.duration_8 + excluded.duration_8, duration_9 = usage_hourly.duration_9 + excluded.duration_9, duration_10 = usage_hourly.duration_10 + excluded.duration_10, duration_11 = usage_hourly.duration_11 + excluded.duration_11, duration_12 = usage_hourly.duration_12 + excluded.duration_12, duration_13 = usage_hourly.duration_13 + excluded.duration_13, duration_14 = usage_hourly.duration_14 + excluded.duration_14, duration_15 = usage_hourly.duration_15 + excluded.duration_15, duration_16 = usage_hourly.duration_16 + excluded.duration_16, duration_17 = usage_hourly.duration_17 + excluded.duration_17, duration_18 = usage_hourly.duration_18 + excluded.duration_18, duration_19 = usage_hourly.duration_19 + excluded.duration_19, duration_20 = usage_hourly.duration_20 + excluded.duration_20, duration_21 = usage_hourly.duration_21 + excluded.duration_21, duration_22 = usage_hourly.duration_22 + excluded.duration_22, duration_23 = usage_hourly.duration_23 + excluded.duration_23, duration_24 = usage_hourly.duration_24 + excluded.duration_24, duration_25 = usage_hourly.duration_25 + excluded.duration_25, duration_26 = usage_hourly.duration_26 + excluded.duration_26, duration_27 = usage_hourly.duration_27 + excluded.duration_27
)
insert into usage_daily (workspace_id, agent_id, version_id, source, model, day, runs, failures, input_tokens, output_tokens, cost_usd, unpriced_tokens, first_token_0, first_token_1, first_token_2, first_token_3, first_token_4, first_token_5, first_token_6, first_token_7, first_token_8, first_token_9, first_token_10, first_token_11, first_token_12, first_token_13, first_token_14, first_token_15, first_token_16, first_token_17, first_token_18, first_token_19, first_token_20, first_token_21, first_token_22, first_token_23, first_token_24, first_token_25, first_token_26, first_token_27, duration_0, duration_1, duration_2, duration_3, duration_4, duration_5, duration_6, duration_7, duration_8, duration_9, duration_10, duration_11, duration_12, duration_13, duration_14, duration_15, duration_16, duration_17, duration_18, duration_19, duration_20, duration_21, duration_22, duration_23, duration_24, duration_25, duration_26, duration_27)
select workspace_id, agent_id, version_id, source, model, date_trunc('day', hour, 'UTC'), sum(runs), sum(failures), sum(input_tokens), sum(output_tokens), sum(cost_usd), sum(unpriced_tokens), sum(first_token_0), sum(first_token_1), sum(first_token_2), sum(first_token_3), sum(first_token_4), sum(first_token_5), sum(first_token_6), sum(first_token_7), sum(first_token_8), sum(first_token_9), sum(first_token_10), sum(first_token_11), sum(first_token_12), sum(first_token_13), sum(first_token_14), sum(first_token_15), sum(first_token_16), sum(first_token_17), sum(first_token_18), sum(first_token_19), sum(first_token_20), sum(first_token_21), sum(first_token_22), sum(first_token_23), sum(first_token_24), sum(first_token_25), sum(first_token_26), sum(first_token_27), sum(duration_0), sum(duration_1), sum(duration_2), sum(duration_3), sum(duration_4), sum(duration_5), sum(duration_6), sum(duration_7), sum(duration_8), sum(duration_9), sum(duration_10), sum(duration_11), sum(duration_12), sum(duration_13), sum(duration_14), sum(duration_15), sum(duration_16), sum(duration_17), sum(duration_18), sum(duration_19), sum(duration_20), sum(duration_21), sum(duration_22), sum(duration_23), sum(duration_24), sum(duration_25), sum(duration_26), sum(duration_27)
from hourly
group by workspace_id, agent_id, version_id, source, model, date_trunc('day', hour, 'UTC')
on conflict (workspace_id, agent_id, version_id, source, model, day) do update set runs = usage_daily.runs + excluded.runs, failures = usage_daily.failures + excluded.failures, input_tokens = usage_daily.input_tokens + excluded.input_tokens, output_tokens = usage_daily.output_tokens + excluded.output_tokens, cost_usd = usage_daily.cost_usd + excluded.cost_usd, unpriced_tokens = usage_daily.unpriced_tokens + excluded.unpriced_tokens, first_token_0 = usage_daily.first_token_0 + excluded.first_token_0, first_token_1 = usage_daily.first_token_1 + excluded.first_token_1, first_token_2 = usage_daily.first_token_2 + excluded.first_token_2, first_token_3 = usage_daily.first_token_3 + excluded.first_token_3, first_token_4 = usage_daily.first_token_4 + excluded.first_token_4, first_token_5 = usage_daily.first_token_5 + excluded.first_token_5, first_token_6 = usage_daily.first_token_6 + excluded.first_token_6, first_token_7 = usage_daily.first_token_7 + excluded.first_token_7, first_token_8 = usage_daily.first_token_8 + excluded.first_token_8, first_token_9 = usage_daily.first_token_9 + excluded.first_token_9, first_token_10 = usage_daily.first_token_10 + excluded.first_token_10, first_token_11 = usage_daily.first_token_11 + excluded.first_token_11, first_token_12 = usage_daily.first_token_12 + excluded.first_token_12, first_token_13 = usage_daily.first_token_13 + excluded.first_token_13, first_token_14 = usage_daily.first_token_14 + excluded.first_token_14, first_token_15 = usage_daily.first_token_15 + excluded.first_token_15, first_token_16 = usage_daily.first_token_16 + excluded.first_token_16, first_token_17 = usage_daily.first_token_17 + excluded.first_token_17, first_token_18 = usage_daily.first_token_18 + excluded.first_token_18, first_token_19 = usage_daily.first_token_19 + excluded.first_token_19, first_token_20 = usage_daily.first_token_20 + excluded.first_token_20, first_token_21 = usage_daily.first_token_21 + excluded.first_token_21, first_token_22 = usage_daily.first_token_22 + excluded.first_token_22, first_token_23 = usage_daily.first_token_23 + excluded.first_token_23, first_token_24 = usage_daily.first_token_24 + excluded.first_token_24, first_token_25 = usage_daily.first_token_25 + excluded.first_token_25, first_token_26 = usage_daily.first_token_26 + excluded.first_token_26, first_token_27 = usage_daily.first_token_27 + excluded.first_token_27, duration_0 = usage_daily.duration_0 + excluded.duration_0, duration_1 = usage_daily.duration_1 + excluded.duration_1, duration_2 = usage_daily.duration_2 + excluded.duration_2, duration_3 = usage_daily.duration_3 + excluded.duration_3, duration_4 = usage_daily.duration_4 + excluded.duration_4, duration_5 = usage_daily.duration_5 + excluded.duration_5, duration_6 = usage_daily.duration_6 + excluded.duration_6, duration_7 = usage_daily.duration_7 + excluded.duration_7, duration_8 = usage_daily.duration_8 + excluded.duration_8, duration_9 = usage_daily.duration_9 + excluded.duration_9, duration_10 = usage_daily.duration_10 + excluded.duration_10, duration_11 = usage_daily.duration_11 + excluded.duration_11, duration_12 = usage_daily.duration_12 + excluded.duration_12, duration_13 = usage_daily.duration_13 + excluded.duration_13, duration_14 = usage_daily.duration_14 + excluded.duration_14, duration_15 = usage_daily.duration_15 + excluded.duration_15, duration_16 = usage_daily.duration_16 + excluded.duration_16, duration_17 = usage_daily.duration_17 + excluded.duration_17, duration_18 = usage_daily.duration_18 + excluded.duration_18, duration_19 = usage_daily.duration_19 + excluded.duration_19, duration_20 = usage_daily.duration_20 + excluded.duration_20, duration_21 = usage_daily.duration_21 + excluded.duration_21, duration_22 = usage_daily.duration_22 + excluded.duration_22, duration_23 = usage_daily.duration_23 + excluded.duration_23, duration_24 = usage_daily.duration_24 + excluded.duration_24, duration_25 = usage_daily.duration_25 + excluded.duration_25, duration_26 = usage_daily.duration_26 + excluded.duration_26, duration_27 = usage_daily.duration_27 + excluded.duration_27;
