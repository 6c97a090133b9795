# Property-based API testing of /api/v1 against its own OpenAPI document, with schemathesis.
# Source it after ops/lib/services.sh (it uses ROOT and say); do not run it.
#
#   run_schemathesis BASE_URL HOST_HEADER API_KEY [SCHEMA]
#
# BASE_URL is where a server listens (http://127.0.0.1:8080), HOST_HEADER the tenant's host
# (demo.localhost) and API_KEY an admin key of that tenant. SCHEMA is the document to test
# against: a file path or a URL; by default (or when SB_SCHEMATHESIS_SCHEMA is unset) it is
# fetched from BASE_URL/api/v1/openapi.json with the Host header. Returns non-zero on any
# failure. Knobs: SB_SCHEMATHESIS_EXAMPLES (per operation, default 25), SB_SCHEMATHESIS_SEED
# (default 20240601), SB_SCHEMATHESIS_TIMEOUT (a hard stop in seconds, default 600).

SCHEMATHESIS_VERSION="4.32.5"

# ensure_schemathesis: a venv under .local with the pinned schemathesis, made once. Needs
# python3 and python3-venv (Debian).
ensure_schemathesis() {
    local venv="$ROOT/.local/venv"
    if [ -x "$venv/bin/schemathesis" ] \
        && [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" = "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
        return 0
    fi
    say "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv" || { echo "python3 -m venv failed: is python3-venv installed?" >&2; return 1; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 || {
        rm -rf "$venv"
        return 1
    }
}

run_schemathesis() {
    local base_url="${1:?usage: run_schemathesis BASE_URL HOST_HEADER API_KEY [SCHEMA]}"
    local host="${2:?host header}" key="${3:?api key}"
    local schema="${4:-${SB_SCHEMATHESIS_SCHEMA:-}}"
    local examples="${SB_SCHEMATHESIS_EXAMPLES:-25}" seed="${SB_SCHEMATHESIS_SEED:-20240601}"
    local hard_stop="${SB_SCHEMATHESIS_TIMEOUT:-600}"
    local out="$ROOT/.local/schemathesis"
    base_url="${base_url%/}"

    ensure_schemathesis || return 1
    rm -rf "$out"
    mkdir -p "$out"

    # The document: a given file is used as it is; a URL (or the server's own) is fetched
    # with the tenant's Host header, so schemathesis only ever reads a local file.
    case "$schema" in
        "" | http://* | https://*)
            local url="${schema:-$base_url/api/v1/openapi.json}"
            if ! curl -fsS --max-time 10 -H "Host: $host" -H "Authorization: Bearer $key" -o "$out/openapi.json" "$url"; then
                echo "could not fetch the OpenAPI document from $url" >&2
                return 1
            fi
            schema="$out/openapi.json"
            ;;
    esac
    [ -f "$schema" ] || { echo "no OpenAPI document at $schema" >&2; return 1; }

    # Status codes that schema-valid data may still get, besides schemathesis' defaults, where
    # JSON Schema cannot say what the server checks: 422 for unknown time zones, departments,
    # agents, organisations, usergroups and people, addresses that do not look deliverable or
    # that another person has, taken names, CRM domains and ban patterns, overlapping
    # intervals, domains under the base domain, an Idempotency-Key reused with another body, a
    # date range that ends before it starts, attachment ids that are not the caller's own
    # unattached uploads, an empty upload or one without a usable file name; 409 for deleting
    # an upload that is on a message; 400 for a cursor the API never gave out; 428 for a ticket
    # change that names no version (If-Match or "version", one of the two). Invalid data may
    # also get 413, for a body over 1 MiB.
    cat >"$out/schemathesis.toml" <<'TOML'
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]

[[operations]]
include-operation-id = ["updateMe", "replaceBusinessHours", "createBusinessHours", "createTicket", "addDomain", "createApiKey", "addTicketMessage", "lockTicket", "createPermissionGroup", "replacePermissionGroup", "createSavedFilter", "replaceSavedFilter", "bulkUpdateTickets", "addFollower", "createTask", "updateTask", "linkTicket", "unlinkTicket", "createCustomField", "replaceCustomField", "mergeTicket", "splitTicket", "setTicketProblem", "createProblem", "replaceAgentDepartments", "createPerson", "updatePerson", "setPersonOrganisations", "mergePeople", "createOrganisation", "updateOrganisation", "createUsergroup", "createCrmRule", "createBan", "createTeam", "replaceTeam", "createSubstatus", "replaceSubstatus", "createDepartment", "replaceDepartment", "deleteDepartment", "createAgent", "importData", "uploadAttachment", "deleteAttachment", "scheduleFollowUp", "retryJob", "deleteJob", "createSlaPolicy", "replaceSlaPolicy", "setTicketSlas", "createTrigger", "replaceTrigger", "createEscalation", "replaceEscalation", "setPresence", "createMacro", "replaceMacro", "applyMacro", "createSnippet", "replaceSnippet", "setSecuritySettings"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]

[[operations]]
include-operation-id = ["listTickets", "listSavedFilterTickets", "listPeople", "listOrganisations", "listPersonTickets", "listJobs", "getAuditLog"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]

[[operations]]
include-operation-id = "updateTicket"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422", "428", "429"]
TOML

    say "schemathesis $SCHEMATHESIS_VERSION: $schema against $base_url (Host: $host), $examples examples per operation, seed $seed"
    local status=0
    # Left out: sign-in (cookies, rate limits) and the operator API, which the document does
    # not cover; revoking API keys and changing, deleting or converting agents, which could
    # revoke or disable the very key the run uses (tests cover them instead).
    (
        # No --max-time: schemathesis would keep fuzzing until it ran out; examples bound the run.
        cd "$out" && timeout "$hard_stop" "$ROOT/.local/venv/bin/schemathesis" --config-file "$out/schemathesis.toml" --no-color run "$schema" \
            --url "$base_url" \
            -H "Host: $host" \
            -H "Authorization: Bearer $key" \
            --checks all \
            --phases examples,coverage,fuzzing \
            --mode all \
            --max-examples "$examples" \
            --seed "$seed" \
            --workers 1 \
            --request-timeout 10 \
            --generation-database none \
            --exclude-path-regex '^/api/v1/(auth|platform)(/|$)' \
            --exclude-operation-id revokeApiKey \
            --exclude-operation-id updateAgent --exclude-operation-id deleteAgent --exclude-operation-id convertAgent \
            --suppress-health-check all \
            --report junit,ndjson --report-dir "$out" \
            --warnings off
    ) >"$out/output.txt" 2>&1 || status=$?

    # The failures in full, then the closing summary.
    if [ "$status" -ne 0 ]; then
        sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$out/output.txt" | sed '$d' | head -n 400 >&2
    fi
    say "schemathesis summary (full output: $out/output.txt)"
    sed -n '/^=* SUMMARY =*$/,$p' "$out/output.txt" | grep -v '^ *$' | grep -v -E '^(Reports:|  - (JUnit|NDJSON):)' >&2 \
        || tail -n 20 "$out/output.txt" >&2
    if [ "$status" -ne 0 ]; then
        say "schemathesis found failures (exit $status)"
    fi
    return "$status"
}
