-- Files attached to ticket messages. The bytes are stored once per tenant per SHA-256 (a
-- blob, in chunks so that neither upload nor download holds a whole file in memory); each
-- upload is an attachment with its own name and type that points at a blob. An attachment
-- belongs to its uploader until it is linked to a message; from then on it goes wherever the
-- message goes (merges and splits move messages, so the ticket is found through it).

CREATE TABLE attachment_blobs (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    -- NULL only inside the transaction that is still writing the blob's chunks.
    sha256     bytea CHECK (octet_length(sha256) = 32),
    size       bigint NOT NULL CHECK (size >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, sha256)
);

CREATE TABLE attachment_chunks (
    tenant_id bigint NOT NULL,
    blob_id   bigint NOT NULL,
    seq       integer NOT NULL CHECK (seq >= 0),
    data      bytea NOT NULL,
    PRIMARY KEY (tenant_id, blob_id, seq),
    FOREIGN KEY (tenant_id, blob_id) REFERENCES attachment_blobs (tenant_id, id) ON DELETE CASCADE
);
-- Most uploads are already compressed (images, PDFs, archives): store them out of line as
-- they are rather than trying to compress them again.
ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE attachments (
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    blob_id      bigint NOT NULL,
    filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 255),
    size         bigint NOT NULL CHECK (size >= 0),
    uploaded_by  bigint,
    message_id   bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, blob_id) REFERENCES attachment_blobs (tenant_id, id),
    FOREIGN KEY (tenant_id, uploaded_by) REFERENCES agents (tenant_id, id) ON DELETE SET NULL (uploaded_by),
    FOREIGN KEY (tenant_id, message_id) REFERENCES ticket_messages (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX attachments_by_message ON attachments (tenant_id, message_id, id) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_by_blob ON attachments (tenant_id, blob_id);
CREATE INDEX attachments_unlinked_by_uploader ON attachments (tenant_id, uploaded_by) WHERE message_id IS NULL;

-- Taken by an upload before it looks for a blob with its hash, and by the removal of a
-- blob's last attachment before it removes the blob, so the two never cross: an upload
-- either finds the blob and keeps it alive, or finds it gone and keeps its own copy.
CREATE FUNCTION sb_lock_attachment_blob(tenant bigint, sha256 bytea) RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT pg_advisory_xact_lock(hashtextextended('attachment-blob:' || tenant || ':' || encode(sha256, 'hex'), 0))
$$;
GRANT EXECUTE ON FUNCTION sb_lock_attachment_blob(bigint, bytea) TO switchboard_app;

-- A blob no attachment refers to any more is removed with its chunks, however its last
-- attachment went (deleted unlinked upload, or its message or ticket deleted).
CREATE FUNCTION sb_remove_unreferenced_blob() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    hash bytea;
BEGIN
    SELECT sha256 INTO hash FROM attachment_blobs WHERE tenant_id = OLD.tenant_id AND id = OLD.blob_id;
    IF hash IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM sb_lock_attachment_blob(OLD.tenant_id, hash);
    -- A statement of its own after the lock, so it sees uploads that committed meanwhile.
    DELETE FROM attachment_blobs b
    WHERE b.tenant_id = OLD.tenant_id AND b.id = OLD.blob_id
      AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.tenant_id = OLD.tenant_id AND a.blob_id = OLD.blob_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER attachments_remove_unreferenced_blob AFTER DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION sb_remove_unreferenced_blob();

SELECT sb_isolate_tenant_tables(ARRAY['attachment_blobs', 'attachment_chunks', 'attachments']);
