-- The people who contact the helpdesk (CRM-7), the organisations they belong to (CRM-5),
-- rules that link them to organisations by email domain (CRM-2), bans (CRM-1), usergroups
-- (CRM-8) and the log that records merges (CRM-4).
ALTER TABLE people
    ADD COLUMN phone text CHECK (length(phone) BETWEEN 1 AND 50),
    ADD CONSTRAINT people_name_length CHECK (length(name) BETWEEN 1 AND 200) NOT VALID;

-- The directory lists newest first and searches names and addresses by prefix.
CREATE INDEX people_by_name ON people (tenant_id, lower(name) text_pattern_ops);
CREATE UNIQUE INDEX person_emails_one_primary ON person_emails (tenant_id, person_id) WHERE is_primary;
CREATE INDEX person_emails_by_person ON person_emails (tenant_id, person_id);
CREATE INDEX person_emails_by_prefix ON person_emails (tenant_id, email text_pattern_ops);

-- Other ways to recognise a person (a chat handle, a social account); one person per value.
CREATE TABLE person_identities (
    tenant_id bigint NOT NULL,
    kind      text NOT NULL CHECK (length(kind) BETWEEN 1 AND 50),
    value     text NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
    person_id bigint NOT NULL,
    PRIMARY KEY (tenant_id, kind, value),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX person_identities_by_person ON person_identities (tenant_id, person_id);

CREATE TABLE organisations (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX organisations_name ON organisations (tenant_id, lower(name));
CREATE INDEX organisations_by_name ON organisations (tenant_id, lower(name) text_pattern_ops);

-- A person may belong to several organisations; at most one is their primary.
CREATE TABLE organisation_members (
    tenant_id       bigint NOT NULL,
    person_id       bigint NOT NULL,
    organisation_id bigint NOT NULL,
    is_primary      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, person_id, organisation_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX organisation_members_by_organisation ON organisation_members (tenant_id, organisation_id, person_id);
CREATE UNIQUE INDEX organisation_members_one_primary ON organisation_members (tenant_id, person_id) WHERE is_primary;

-- A person whose address is at `domain` joins the organisation when they are created or
-- gain that address.
CREATE TABLE crm_rules (
    tenant_id       bigint NOT NULL,
    id              bigint GENERATED ALWAYS AS IDENTITY,
    domain          text NOT NULL CHECK (domain = lower(domain) AND length(domain) BETWEEN 1 AND 253),
    organisation_id bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, domain),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id) ON DELETE CASCADE
);

-- Senders refused by address pattern (`like_pattern` is `pattern` with `*` as `%` and LIKE's
-- own wildcards escaped) or by network.
CREATE TABLE bans (
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    pattern      text NOT NULL CHECK (length(pattern) BETWEEN 1 AND 300),
    like_pattern text,
    network      cidr,
    reason       text CHECK (length(reason) <= 500),
    agent_id     bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, pattern),
    CHECK ((like_pattern IS NULL) <> (network IS NULL)),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE SET NULL (agent_id)
);
CREATE INDEX bans_by_network ON bans USING gist (network inet_ops) WHERE network IS NOT NULL;

CREATE TABLE usergroups (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE usergroup_members (
    tenant_id    bigint NOT NULL,
    usergroup_id bigint NOT NULL,
    person_id    bigint NOT NULL,
    PRIMARY KEY (tenant_id, usergroup_id, person_id),
    FOREIGN KEY (tenant_id, usergroup_id) REFERENCES usergroups (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX usergroup_members_by_person ON usergroup_members (tenant_id, person_id);

-- What happened to a person that the person itself no longer shows (a merged-away record).
-- No foreign key on person_id: the log outlives the people it names.
CREATE TABLE people_log (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    person_id  bigint NOT NULL,
    agent_id   bigint,
    action     text NOT NULL CHECK (action IN ('merge')),
    detail     jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE SET NULL (agent_id)
);
CREATE INDEX people_log_by_person ON people_log (tenant_id, person_id, id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['person_identities', 'organisations', 'organisation_members', 'crm_rules', 'bans',
                             'usergroups', 'usergroup_members', 'people_log']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = sb_current_tenant()) '
                       'WITH CHECK (tenant_id = sb_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
    END LOOP;
END
$$;
