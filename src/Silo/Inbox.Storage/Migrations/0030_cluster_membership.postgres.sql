-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet, written by us from its contract (the
-- package ships no SQL). PostgreSQL only: a cluster is refused on SQLite at start, so that dialect
-- has no script for this step (the migrator takes each dialect's scripts on their own).
--
-- Orleans calls its cluster id "DeploymentId" in the statements; every row is scoped by it.
-- One version row per cluster is the compare-and-swap point: a member is inserted or changed only
-- by the statement that moves the version from the one the caller read, so two silos that read the
-- same table cannot both write. IAmAlive heartbeats leave the version alone (they are not changes
-- the protocol votes on).

CREATE TABLE cluster_versions (
    deployment_id TEXT PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 0,
    changed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Integer columns stay INTEGER: Orleans reads port, generation, status and proxy port with
-- GetInt32, which Npgsql refuses on a BIGINT. Times are TIMESTAMPTZ because Orleans sends UTC
-- DateTimes, which Npgsql writes as timestamptz.
CREATE TABLE cluster_members (
    deployment_id  TEXT NOT NULL,
    address        TEXT NOT NULL,
    port           INTEGER NOT NULL,
    generation     INTEGER NOT NULL,
    silo_name      TEXT NOT NULL,
    host_name      TEXT NOT NULL,
    status         INTEGER NOT NULL,
    proxy_port     INTEGER,
    suspect_times  TEXT,
    start_time     TIMESTAMPTZ NOT NULL,
    i_am_alive     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- The one name Orleans fixes: it runs "SELECT QueryKey, QueryText FROM OrleansQuery" (unquoted,
-- so PostgreSQL folds it to orleansquery) and reads the two columns by name.
CREATE TABLE OrleansQuery (
    QueryKey  TEXT PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- Statements, bound by name (@DeploymentId, @Address, ...). Result columns are aliased to the names
-- Orleans reads, quoted so they match exactly. Orleans reads a whole result with First(), so every
-- statement said to "return a bool" returns exactly one row of one column, even when it did nothing.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Start: make sure the cluster has its version row; true when this call made it.
('InsertMembershipVersionKey', $q$
WITH made AS (
    INSERT INTO cluster_versions (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM made)
$q$),

-- The whole table: the version row always (a left join), with a member per row when there is one.
-- Orleans takes the version from the first row and treats a row without StartTime as "no member".
('MembershipReadAllKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive AS "IAmAliveTime"
FROM cluster_versions v
LEFT JOIN cluster_members m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),

-- One silo: the member's match is in the join, not the WHERE, so the version row still comes back
-- when that silo has no row.
('MembershipReadRowKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive AS "IAmAliveTime"
FROM cluster_versions v
LEFT JOIN cluster_members m ON m.deployment_id = v.deployment_id
    AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),

-- Join: move the version only if it is still the one read and the silo is not there yet, then add
-- the silo behind that move. A concurrent writer's UPDATE waits on the version row's lock and then
-- finds the version moved, so it adds nothing and answers false.
('InsertMembershipKey', $q$
WITH moved AS (
    UPDATE cluster_versions SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM cluster_members
                      WHERE deployment_id = @DeploymentId AND address = @Address
                        AND port = @Port AND generation = @Generation)
    RETURNING deployment_id),
added AS (
    INSERT INTO cluster_members (deployment_id, address, port, generation, silo_name, host_name,
                                 status, proxy_port, start_time, i_am_alive)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM moved
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM added)
$q$),

-- Status and suspicions change (join, leave, votes, deaths): the same compare-and-swap.
('UpdateMembershipKey', $q$
WITH moved AS (
    UPDATE cluster_versions SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version
      AND EXISTS (SELECT 1 FROM cluster_members
                  WHERE deployment_id = @DeploymentId AND address = @Address
                    AND port = @Port AND generation = @Generation)
    RETURNING deployment_id),
changed AS (
    UPDATE cluster_members m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive = @IAmAliveTime
    FROM moved
    WHERE m.deployment_id = moved.deployment_id AND m.address = @Address
      AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM changed)
$q$),

-- Heartbeat: no version move, no result read.
('UpdateIAmAlivetimeKey', $q$
UPDATE cluster_members SET i_am_alive = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- Clients' gateway list: active silos that listen for clients. Orleans binds @Status (Active = 3).
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM cluster_members
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

-- Forgetting a cluster (tests and tools): its members, then its version row.
('DeleteMembershipTableEntriesKey', $q$
WITH members AS (DELETE FROM cluster_members WHERE deployment_id = @DeploymentId)
DELETE FROM cluster_versions WHERE deployment_id = @DeploymentId
$q$),

-- Defunct rows: not active and silent since @IAmAliveTime (now minus DefunctSiloExpiration). Not
-- only Dead ones: a silo that died while joining is never voted dead, its row would stay forever.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM cluster_members
WHERE deployment_id = @DeploymentId AND i_am_alive < @IAmAliveTime AND status <> 3
$q$),

-- One defunct silo. Optional in the contract, but Orleans 10.4 prefers it when present: it picks the
-- defunct members from its own read and deletes them one by one, binding the silo and the
-- IAmAliveTime it read. A row that has said alive since then is not the one judged, so it stays.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM cluster_members
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND status <> 3 AND i_am_alive <= @IAmAliveTime
$q$);
