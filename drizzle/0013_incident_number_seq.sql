-- The incidents' number sequence (src/modules/incidents/schema.ts, incidentNumberSeq). Its declaration
-- reached the 0012 snapshot before any migration created it, so drizzle-kit sees no difference: it is
-- created here by hand.
CREATE SEQUENCE IF NOT EXISTS "public"."incident_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;
