-- Distribution on Citus (db/citus/distribution.ts says where every table goes and why): clinical
-- tables distributed by patient_id, small shared tables as reference tables, the rest (sessions,
-- cursors, the audit log) stays on the coordinator. Runs only when the citus extension is
-- installed in this database; on plain PostgreSQL it does nothing.
-- Checked here: the schema rules and the SQL text (db/citus/citus-readiness.int.test.ts).
-- On paper (no Citus on this machine): that these calls succeed on a Citus cluster.
DO $$
DECLARE
  t text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;

  -- Keys must contain the distribution column (allow-list.ts explains why plain Postgres keeps them narrow).
  ALTER TABLE break_glass_grants DROP CONSTRAINT break_glass_grants_pkey, ADD PRIMARY KEY (patient_id, id);
  ALTER TABLE cds_feedback DROP CONSTRAINT cds_feedback_pkey, ADD PRIMARY KEY (patient_id, id);
  ALTER TABLE conflicts DROP CONSTRAINT conflicts_pkey, ADD PRIMARY KEY (patient_id, id);
  ALTER TABLE hl7_outbound_orders DROP CONSTRAINT hl7_outbound_orders_pkey, ADD PRIMARY KEY (patient_id, service_request_id);
  UPDATE mutation_log SET patient_id = '00000000-0000-0000-0000-000000000000' WHERE patient_id IS NULL;
  ALTER TABLE mutation_log ALTER COLUMN patient_id SET NOT NULL;
  ALTER TABLE mutation_log DROP CONSTRAINT mutation_log_pkey, ADD PRIMARY KEY (patient_id, mutation_id);
  ALTER TABLE subscription_deliveries DROP CONSTRAINT subscription_deliveries_pkey, ADD PRIMARY KEY (patient_id, id);
  ALTER TABLE subscription_deliveries DROP CONSTRAINT subscription_deliveries_subscription_id_resource_type_resou_key,
    ADD UNIQUE (patient_id, subscription_id, resource_type, resource_id, version);

  -- Reference tables first: distributed tables hold foreign keys into them.
  PERFORM create_reference_table('users');
  PERFORM create_reference_table('devices');
  PERFORM create_reference_table('user_units');
  PERFORM create_reference_table('workstation_policy');
  PERFORM create_reference_table('note_signing_keys');
  PERFORM create_reference_table('smart_clients');
  PERFORM create_reference_table('smart_signing_keys');
  PERFORM create_reference_table('subscriber_clients');
  PERFORM create_reference_table('subscriptions');
  PERFORM create_reference_table('hl7_interfaces');
  PERFORM create_reference_table('mrn_ranges');
  PERFORM create_reference_table('update_packages');
  PERFORM create_reference_table('workstation_versions');

  -- resources first: every other distributed table is co-located with it (same patient, same node).
  PERFORM create_distributed_table('resources', 'patient_id');
  PERFORM create_distributed_table('resource_versions', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('conflicts', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('mutation_log', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('care_team', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('patient_units', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('break_glass_grants', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('sync_scope', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('cds_cards', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('cds_feedback', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('cds_suppressions', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('restricted_patients', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('patient_match_keys', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('patient_index_state', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('hl7_outbound_orders', 'patient_id', colocate_with => 'resources');
  PERFORM create_distributed_table('subscription_deliveries', 'patient_id', colocate_with => 'resources');

  -- Coordinator-local tables that reference a reference table must be known to Citus too.
  FOREACH t IN ARRAY ARRAY['refresh_tokens', 'device_sign_ins', 'export_jobs', 'privacy_alerts', 'patient_identifiers',
                           'duplicate_reviews', 'patient_merges', 'patient_merge_resources', 'smart_launches', 'smart_grant_context', 'hl7_inbound_messages'] LOOP
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND conrelid = t::regclass) THEN
      PERFORM citus_add_local_table_to_metadata(t);
    END IF;
  END LOOP;
END $$;
