-- A published journey version never changes: feedback, audits and cases refer to (journey key,
-- moment key, version) and must keep meaning what they meant. The store never updates these rows;
-- this trigger makes the database refuse it too. Allowed on purpose, because they come from the
-- foreign keys themselves (pg_trigger_depth() > 1): deleting the journey or organisation (cascade),
-- and clearing `published_by` when that person is deleted (set null).
CREATE FUNCTION journey_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    IF (NEW.org_id, NEW.journey_id, NEW.version, NEW.document, NEW.fallback_locale, NEW.note, NEW.published_at)
       IS NOT DISTINCT FROM (OLD.org_id, OLD.journey_id, OLD.version, OLD.document, OLD.fallback_locale, OLD.note, OLD.published_at) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'journey version % is published and cannot be changed (% refused)', OLD.version, TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER journey_versions_immutable
  BEFORE UPDATE OR DELETE ON journey_versions
  FOR EACH ROW EXECUTE FUNCTION journey_versions_immutable();
