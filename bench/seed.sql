-- Bulk seed for bench/run: :n appointments (half 'org_demo:test', half 'org_other:test') written straight
-- into Marten's tables as the service would have written them: one stream per appointment in mt_streams, its
-- events in mt_events (appointment.created, and appointment.cancelled for a quarter of them) and the inline
-- AppointmentDetails document in mt_doc_appointmentdetails, all consistent with each other (a projection
-- rebuild reproduces the documents). JSON shapes were taken from appointments created through the API.
-- Patients: :patients patient documents (default 200,000; patient k belongs to the tenant of its appointments,
-- k even → org_demo), each with a 10-letter pseudo-random last name, so `patient.name~` searches have a realistic
-- selectivity. Patient documents are not projections (docs/adr/0005-patients-current-name-and-audit.md); the seed starts no patient audit
-- streams (a seeded patient's first change starts its trail), so the rebuild figures stay about appointments.
-- Usage: psql -v n=1000000 -v patients=200000 -f bench/seed.sql   (needs the service's schema, i.e. after it has started once)
\set ON_ERROR_STOP on
\if :{?patients}
\else
\set patients 200000
\endif
\timing on
set maintenance_work_mem = '512MB';
set max_parallel_maintenance_workers = 2;
set work_mem = '256MB';
-- Skip the events -> streams foreign-key triggers during the bulk load (the rows are consistent by construction).
set session_replication_role = replica;

drop table if exists bench_seed;
create unlogged table bench_seed as
select i,
       case when i % 2 = 0 then 'org_demo:test' else 'org_other:test' end as tenant_id,
       case when i % 2 = 0 then 'org_demo' else 'org_other' end as organisation_id,
       'apt_' || md5('bench-apt-' || i) as id,
       'p_' || md5('bench-patient-' || (i % :patients)) as patient_id,
       'bench-' || i as external_ref,
       -- a year of history, whole seconds (the stored text then equals what the service writes when it rebuilds)
       timestamptz '2025-11-01 00:00:00+00' + (i::bigint * 30 * interval '1 second') as created,
       (i / 2) % 4 = 1 as cancelled
from generate_series(1, :n) as i;
alter table bench_seed add column updated timestamptz;
update bench_seed set updated = case when cancelled then created + interval '1 hour' else created end;

create or replace function pg_temp.utc(t timestamptz) returns text language sql immutable
as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;

-- The list indexes are dropped during the load and re-created from their own definitions afterwards.
drop table if exists bench_indexes;
create unlogged table bench_indexes as
select indexname, indexdef from pg_indexes
where schemaname = 'scheduling'
  and ((tablename = 'mt_doc_appointmentdetails' and indexname like 'ix_appointments_%')
    or (tablename = 'mt_doc_patient' and indexname like 'ix_patients_%'));
do $$ declare r record; begin
  for r in select indexname from bench_indexes loop execute 'drop index scheduling.' || r.indexname; end loop;
end $$;

insert into scheduling.mt_streams (tenant_id, id, type, version, timestamp, created, compacted_version, is_archived)
select tenant_id, id, 'appointment', case when cancelled then 2 else 1 end, updated, created, 0, false
from bench_seed;

with base as (select coalesce(max(seq_id), 0) as b from scheduling.mt_events),
evs as (
  select s.tenant_id, s.id as stream_id, 1 as version, s.created as ts, 'appointment.created' as type,
         'Scheduling.Domain.Appointments.AppointmentCreated, Scheduling.Domain' as dotnet_type,
         jsonb_build_object(
           'note', null, 'type', 'standard', 'phone', '+447911123456', 'planTo', null, 'taskId', 'tsk_bloodtest',
           'location', jsonb_build_object('town', 'London', 'line1', '1 High Street', 'line2', null, 'line3', null,
                                          'county', null, 'postcode', 'SW1A 1AA', 'countryCode', 'GB'),
           'metadata', '{"source":"bench"}', 'planFrom', null, 'createdAt', pg_temp.utc(s.created),
           'patientId', s.patient_id, 'documentIds', '[]'::jsonb, 'externalRef', s.external_ref,
           'appointmentId', s.id, 'organisationId', s.organisation_id, 'schedulingMode', 'patient_led') as data,
         s.i
  from bench_seed s
  union all
  select s.tenant_id, s.id, 2, s.updated, 'appointment.cancelled',
         'Scheduling.Domain.Appointments.AppointmentCancelled, Scheduling.Domain',
         jsonb_build_object(
           'note', null, 'reasonCode', 'patient_unavailable', 'cancelledAt', pg_temp.utc(s.updated),
           'appointmentId', s.id, 'causingEntity', 'patient', 'cancellingEntity', 'organisation',
           'releasedWindowId', null),
         s.i
  from bench_seed s where s.cancelled
)
insert into scheduling.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived)
select base.b + row_number() over (order by e.ts, e.i, e.version),
       md5('bench-event-' || e.stream_id || '-' || e.version)::uuid,
       e.stream_id, e.version, e.data, e.type, e.ts, e.tenant_id, e.dotnet_type, false
from evs e cross join base;

select setval('scheduling.mt_events_sequence', (select max(seq_id) from scheduling.mt_events));

insert into scheduling.mt_doc_appointmentdetails (tenant_id, id, data, mt_last_modified, mt_dotnet_type, mt_version)
select s.tenant_id, s.id,
       jsonb_build_object(
         'id', s.id, 'note', null, 'type', 'standard', 'phone', '+447911123456', 'planTo', null,
         'status', case when s.cancelled then 'cancelled' else 'scheduling' end,
         'taskId', 'tsk_bloodtest', 'window', null, 'patient', jsonb_build_object('id', s.patient_id),
         'version', case when s.cancelled then 2 else 1 end,
         'location', jsonb_build_object('town', 'London', 'line1', '1 High Street', 'line2', null, 'line3', null,
                                        'county', null, 'postcode', 'SW1A 1AA', 'countryCode', 'GB'),
         'metadata', '{"source":"bench"}', 'planFrom', null,
         'createdAt', pg_temp.utc(s.created), 'updatedAt', pg_temp.utc(s.updated),
         'documentIds', '[]'::jsonb, 'externalRef', s.external_ref,
         'cancellation', case when s.cancelled then jsonb_build_object(
             'note', null, 'chargeable', false, 'reasonCode', 'patient_unavailable', 'cancelledAt', pg_temp.utc(s.updated),
             'causingEntity', 'patient', 'cancellingEntity', 'organisation') end,
         'schedulingMode', 'patient_led',
         'data', null, 'plan', null, 'heldWindowId', null, 'schedulingLinkIssuedAt', null, 'schedulingLinkGeneration', 0),
       s.updated, 'Scheduling.Domain.Appointments.Appointment',
       case when s.cancelled then 2 else 1 end
from bench_seed s;

insert into scheduling.mt_doc_patient (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
select case when k % 2 = 0 then 'org_demo:test' else 'org_other:test' end,
       'p_' || md5('bench-patient-' || k),
       jsonb_build_object(
         'id', 'p_' || md5('bench-patient-' || k),
         'title', null, 'sex', null, 'note', null,
         'firstName', (array['Ada','Alan','Amara','Ben','Chloe','Daniel','Ella','Farah','George','Grace','Hannah','Isaac',
                             'Jack','Jane','John','Kofi','Leah','Liam','Maria','Mohammed','Noah','Olivia','Oscar','Priya',
                             'Rosa','Sam','Sofia','Thomas','Wei','Zara'])[1 + k % 30],
         'lastName', initcap(translate(substr(md5('bench-surname-' || k), 1, 10), '0123456789', 'ghijklmnop')),
         'phone', '+447911123456', 'email', 'patient' || k || '@example.com', 'dateOfBirth', '1970-01-01',
         'nhsNumber', null, 'externalRef', 'pat-' || k, 'address', null,
         'createdAt', pg_temp.utc(timestamptz '2025-10-01 00:00:00+00' + k * interval '10 seconds'),
         'updatedAt', pg_temp.utc(timestamptz '2025-10-01 00:00:00+00' + k * interval '10 seconds')),
       timestamptz '2025-10-01 00:00:00+00' + k * interval '10 seconds', 'Scheduling.Domain.Patients.Patient'
from generate_series(0, :patients - 1) as k
on conflict do nothing;

do $$ declare r record; begin
  for r in select indexdef from bench_indexes loop execute r.indexdef; end loop;
end $$;

drop table bench_seed;
drop table bench_indexes;
reset session_replication_role;
vacuum analyze scheduling.mt_streams;
vacuum analyze scheduling.mt_events;
vacuum analyze scheduling.mt_doc_appointmentdetails;
vacuum analyze scheduling.mt_doc_patient;
select tenant_id, count(*) as patients from scheduling.mt_doc_patient group by tenant_id order by 1;
select tenant_id, count(*) from scheduling.mt_doc_appointmentdetails group by tenant_id order by 1;
select count(*) as events from scheduling.mt_events;
