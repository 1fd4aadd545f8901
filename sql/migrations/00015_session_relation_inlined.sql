-- The family rule in a form the planner inlines (issue 13).
--
-- skater_relation (00013) is a scalar SQL function whose body has
-- sub-selects, which PostgreSQL never inlines: every statement that calls it
-- parses and plans the body again at its first call (before PostgreSQL 18 a
-- SQL function's plan lives only as long as the calling statement). The
-- session lookup (LoadSession) calls it on every authenticated request, and
-- twice (the relation and the join to the acting skater), so that planning
-- was most of the lookup's cost: 117 shared-buffer hits (catalog lookups) for
-- a lookup that reads 6 pages, ~1.5 ms of backend CPU per request.
--
-- A set-returning SQL function in FROM is inlined as a subquery, sub-selects
-- and all, and then planned once with the prepared statement that uses it.
-- skater_relation_of is that function; skater_relation keeps its signature
-- and meaning for its other callers and reads the rule from it, so the rule
-- stays in one place. Nothing is cached: the rule is still evaluated against
-- the tables on every request.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION skater_relation_of(p_user integer, p_skater uuid) RETURNS TABLE (relation text)
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN p_skater IS NULL THEN NULL
        WHEN EXISTS (SELECT 1 FROM skater_guardians g
                     WHERE g.skater_uuid = p_skater AND g.guardian_user_id = p_user) THEN 'guardian'
        WHEN EXISTS (SELECT 1 FROM coach_grants c
                     JOIN user_roles ur ON ur.user_id = c.coach_user_id
                     JOIN role r ON r.id = ur.role_id AND lower(r.name) = 'coach'
                     WHERE c.skater_uuid = p_skater AND c.coach_user_id = p_user) THEN 'coach'
    END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION skater_relation(p_user integer, p_skater uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT relation FROM skater_relation_of(p_user, p_skater)
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION skater_relation(p_user integer, p_skater uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN p_skater IS NULL THEN NULL
        WHEN EXISTS (SELECT 1 FROM skater_guardians g
                     WHERE g.skater_uuid = p_skater AND g.guardian_user_id = p_user) THEN 'guardian'
        WHEN EXISTS (SELECT 1 FROM coach_grants c
                     JOIN user_roles ur ON ur.user_id = c.coach_user_id
                     JOIN role r ON r.id = ur.role_id AND lower(r.name) = 'coach'
                     WHERE c.skater_uuid = p_skater AND c.coach_user_id = p_user) THEN 'coach'
    END
$$;
-- +goose StatementEnd
DROP FUNCTION IF EXISTS skater_relation_of(integer, uuid);
