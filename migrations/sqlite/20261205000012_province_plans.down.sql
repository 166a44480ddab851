DROP TABLE province_deadlines;
DROP TABLE province_plan_activities;
