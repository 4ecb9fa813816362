-- A run's steps move into its row (runs.steps, a JSON array in the order the nodes ended): writing a short
-- run cost the embedded database three more rows, their indexes and foreign-key checks.
ALTER TABLE "runs" ADD COLUMN "steps" jsonb;--> statement-breakpoint
UPDATE "runs" SET "steps" = moved.steps
FROM (
  SELECT "run_id", jsonb_agg(jsonb_build_object(
    'id', "id", 'nodeId', "node_id", 'nodeType', "node_type", 'status', "status", 'input', "input",
    'output', "output", 'usage', "usage", 'error', "error",
    'startedAt', to_char("started_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'endedAt', to_char("ended_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'durationMs', "duration_ms"
  ) ORDER BY "started_at", "id") AS steps
  FROM "run_steps" GROUP BY "run_id"
) AS moved
WHERE "runs"."id" = moved."run_id";--> statement-breakpoint
DROP TABLE "run_steps" CASCADE;--> statement-breakpoint
-- The steps one per row, as the table listed them, for SQL readers (reports, the usage backfill of 0006).
CREATE VIEW "run_steps" AS
SELECT step->>'id' AS "id", r."id" AS "run_id", step->>'nodeId' AS "node_id", step->>'nodeType' AS "node_type",
  step->>'status' AS "status", nullif(step->'input', 'null') AS "input", nullif(step->'output', 'null') AS "output", nullif(step->'usage', 'null') AS "usage",
  nullif(step->'error', 'null') AS "error", (step->>'startedAt')::timestamptz AS "started_at",
  (step->>'endedAt')::timestamptz AS "ended_at", (step->>'durationMs')::integer AS "duration_ms"
FROM "runs" r CROSS JOIN LATERAL jsonb_array_elements(coalesce(r."steps", '[]'::jsonb)) AS step;
