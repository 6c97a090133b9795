-- A ticket's SLA target turning amber or red tells its agent and its followers, once.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check,
    ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('mention', 'followed_update', 'follow_up', 'sla_warning', 'sla_failed'));
