-- Business-hours calendars (a tenant default, and optional ones per department and agent),
-- and the tenant's date and time display preferences.

CREATE TABLE business_calendars (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       text NOT NULL,
    -- The calendar in the JSON shape of the API (time zone, week, holidays).
    definition jsonb NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX business_calendars_one_default ON business_calendars (tenant_id) WHERE is_default;

ALTER TABLE departments ADD COLUMN business_calendar_id bigint;
ALTER TABLE departments ADD FOREIGN KEY (tenant_id, business_calendar_id)
    REFERENCES business_calendars (tenant_id, id) ON DELETE SET NULL (business_calendar_id);
ALTER TABLE agents ADD COLUMN business_calendar_id bigint;
ALTER TABLE agents ADD FOREIGN KEY (tenant_id, business_calendar_id)
    REFERENCES business_calendars (tenant_id, id) ON DELETE SET NULL (business_calendar_id);

ALTER TABLE business_calendars ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON business_calendars
    USING (tenant_id = sb_current_tenant()) WITH CHECK (tenant_id = sb_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON business_calendars TO switchboard_app;

-- How dates and times are shown to the tenant's people (each person's locale and time zone
-- still apply); the API itself always speaks ISO 8601 in UTC.
ALTER TABLE tenants
    ADD COLUMN date_style text NOT NULL DEFAULT 'medium' CHECK (date_style IN ('short', 'medium', 'long', 'full')),
    ADD COLUMN time_style text NOT NULL DEFAULT 'short' CHECK (time_style IN ('short', 'medium')),
    ADD COLUMN hour_cycle text NOT NULL DEFAULT 'locale' CHECK (hour_cycle IN ('locale', 'h12', 'h23'));
