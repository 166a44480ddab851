DROP TABLE notification_preferences;
DROP TABLE reminder_runs;
DROP TABLE reminder_schedules;
DROP INDEX notifications_area;
ALTER TABLE notifications DROP COLUMN agency_code;
ALTER TABLE notifications DROP COLUMN district_code;
ALTER TABLE notifications DROP COLUMN province_code;
ALTER TABLE notifications DROP COLUMN cycle_id;
