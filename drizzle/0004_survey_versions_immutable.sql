-- A published survey version never changes: responses refer to (survey, version) and their answers
-- must keep meaning what the respondent was asked. The store never updates these rows; this trigger
-- makes the database refuse it too. Allowed on purpose, because they come from the foreign keys
-- themselves (pg_trigger_depth() > 1): deleting the survey or organisation (cascade), and clearing
-- `published_by` when that person is deleted (set null).
CREATE FUNCTION survey_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    IF (NEW.org_id, NEW.survey_id, NEW.version, NEW.definition, NEW.fallback_locale, NEW.note, NEW.published_at)
       IS NOT DISTINCT FROM (OLD.org_id, OLD.survey_id, OLD.version, OLD.definition, OLD.fallback_locale, OLD.note, OLD.published_at) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'survey version % is published and cannot be changed (% refused)', OLD.version, TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER survey_versions_immutable
  BEFORE UPDATE OR DELETE ON survey_versions
  FOR EACH ROW EXECUTE FUNCTION survey_versions_immutable();
