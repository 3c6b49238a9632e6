-- A published checklist version never changes: every audit run points at the version it was filled
-- in against, and its score must keep meaning what it meant. The store never updates these rows; this
-- trigger makes the database refuse it too. Allowed on purpose, because they come from the foreign
-- keys themselves (pg_trigger_depth() > 1): deleting the checklist or organisation (cascade), and
-- clearing `published_by` when that person is deleted (set null).
CREATE FUNCTION audit_checklist_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    IF (NEW.org_id, NEW.checklist_id, NEW.version, NEW.definition, NEW.journey_key, NEW.fallback_locale, NEW.note, NEW.published_at)
       IS NOT DISTINCT FROM (OLD.org_id, OLD.checklist_id, OLD.version, OLD.definition, OLD.journey_key, OLD.fallback_locale, OLD.note, OLD.published_at) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'checklist version % is published and cannot be changed (% refused)', OLD.version, TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_checklist_versions_immutable
  BEFORE UPDATE OR DELETE ON audit_checklist_versions
  FOR EACH ROW EXECUTE FUNCTION audit_checklist_versions_immutable();
