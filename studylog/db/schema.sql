-- The schema of a new studylog database: what running every migration on an empty database makes
-- (sqlite_master's SQL, in its order, and the rows). Generated, do not edit; after adding a
-- migration, write it again with: .venv/bin/python -m studylog.db.migrate
-- revision: 0009
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE goal (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	kind VARCHAR NOT NULL, 
	activity VARCHAR NOT NULL, 
	metric VARCHAR DEFAULT 'count' NOT NULL, 
	target FLOAT NOT NULL, 
	period VARCHAR, 
	start_day DATE, 
	end_day DATE, 
	title VARCHAR NOT NULL, 
	archived BOOLEAN DEFAULT '0' NOT NULL, 
	created_at DATETIME NOT NULL
, active_from DATE, archived_on DATE, subject VARCHAR);
CREATE TABLE reading_item (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	kind VARCHAR DEFAULT 'book' NOT NULL, 
	title VARCHAR NOT NULL, 
	authors VARCHAR DEFAULT '[]' NOT NULL, 
	url VARCHAR, 
	isbn VARCHAR, 
	pages INTEGER, 
	status VARCHAR DEFAULT 'to-read' NOT NULL, 
	added DATE, 
	started DATE, 
	finished DATE, 
	rating FLOAT, 
	review VARCHAR, 
	tags VARCHAR DEFAULT '[]' NOT NULL, 
	source VARCHAR DEFAULT 'manual' NOT NULL, 
	source_id VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT uq_reading_item_source_source_id UNIQUE (source, source_id)
);
CREATE INDEX ix_reading_item_finished ON reading_item (finished);
CREATE INDEX ix_reading_item_isbn ON reading_item (isbn);
CREATE INDEX ix_reading_item_status ON reading_item (status);
CREATE TABLE reflection (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	period_kind VARCHAR NOT NULL, 
	period VARCHAR NOT NULL, 
	planned VARCHAR, 
	achieved VARCHAR, 
	learned VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT uq_reflection_period_kind_period UNIQUE (period_kind, period)
);
CREATE TABLE resource (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	url VARCHAR NOT NULL, 
	title VARCHAR, 
	topic VARCHAR, 
	kind VARCHAR DEFAULT 'other' NOT NULL, 
	description VARCHAR, 
	status VARCHAR DEFAULT 'new' NOT NULL, 
	added DATE, 
	done DATE, 
	note VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT uq_resource_url UNIQUE (url)
);
CREATE INDEX ix_resource_status ON resource (status);
CREATE INDEX ix_resource_topic ON resource (topic);
CREATE TABLE resource_list (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	name VARCHAR NOT NULL, 
	curator VARCHAR, 
	description VARCHAR, 
	origin VARCHAR, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT uq_resource_list_name UNIQUE (name)
);
CREATE TABLE skip_day (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	habit VARCHAR NOT NULL, 
	day DATE NOT NULL, 
	reason VARCHAR, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT uq_skip_day_habit_day UNIQUE (habit, day)
);
CREATE TABLE workout (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	sport VARCHAR NOT NULL, 
	day DATE NOT NULL, 
	start_time TIME, 
	distance_m FLOAT, 
	duration_s FLOAT, 
	elevation_gain_m FLOAT, 
	avg_hr INTEGER, 
	pool_length_m FLOAT, 
	title VARCHAR, 
	note VARCHAR, 
	tags VARCHAR DEFAULT '[]' NOT NULL, 
	source VARCHAR DEFAULT 'manual' NOT NULL, 
	source_id VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT uq_workout_source_source_id UNIQUE (source, source_id)
);
CREATE INDEX ix_workout_day ON workout (day);
CREATE INDEX ix_workout_sport ON workout (sport);
CREATE TABLE writing_entry (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	day DATE NOT NULL, 
	title VARCHAR, 
	words INTEGER DEFAULT '0' NOT NULL, 
	note VARCHAR, 
	tags VARCHAR DEFAULT '[]' NOT NULL, 
	challenge VARCHAR, 
	url VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL
);
CREATE INDEX ix_writing_entry_challenge ON writing_entry (challenge);
CREATE INDEX ix_writing_entry_day ON writing_entry (day);
CREATE TABLE resource_list_item (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	list_id INTEGER NOT NULL, 
	resource_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	section VARCHAR, 
	CONSTRAINT fk_resource_list_item_list_id_resource_list FOREIGN KEY(list_id) REFERENCES resource_list (id) ON DELETE CASCADE, 
	CONSTRAINT fk_resource_list_item_resource_id_resource FOREIGN KEY(resource_id) REFERENCES resource (id) ON DELETE CASCADE, 
	CONSTRAINT uq_resource_list_item_list_id_resource_id UNIQUE (list_id, resource_id)
);
CREATE INDEX ix_resource_list_item_list_id ON resource_list_item (list_id);
CREATE INDEX ix_resource_list_item_resource_id ON resource_list_item (resource_id);
CREATE TABLE workout_effort (
	workout_id INTEGER NOT NULL, 
	distance_m FLOAT NOT NULL, 
	duration_s FLOAT NOT NULL, 
	from_track BOOLEAN DEFAULT '0' NOT NULL, 
	CONSTRAINT pk_workout_effort PRIMARY KEY (workout_id, distance_m), 
	CONSTRAINT fk_workout_effort_workout_id_workout FOREIGN KEY(workout_id) REFERENCES workout (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content = '', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER writing_entry_search_fts_insert AFTER INSERT ON writing_entry BEGIN INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 0, new.title, (SELECT group_concat(part, ' · ') FROM (SELECT replace(replace(new.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER writing_entry_search_fts_update AFTER UPDATE OF id, title, note, tags ON writing_entry BEGIN INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id * 4 + 0, old.title, (SELECT group_concat(part, ' · ') FROM (SELECT replace(replace(old.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(old.tags) THEN old.tags ELSE '[]' END)) AS part))); INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 0, new.title, (SELECT group_concat(part, ' · ') FROM (SELECT replace(replace(new.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER writing_entry_search_fts_delete AFTER DELETE ON writing_entry BEGIN INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id * 4 + 0, old.title, (SELECT group_concat(part, ' · ') FROM (SELECT replace(replace(old.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(old.tags) THEN old.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER workout_search_fts_insert AFTER INSERT ON workout BEGIN INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 1, new.title, (SELECT group_concat(part, ' · ') FROM (SELECT replace(replace(new.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT new.sport AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER workout_search_fts_update AFTER UPDATE OF id, title, note, sport, tags ON workout BEGIN INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id * 4 + 1, old.title, (SELECT group_concat(part, ' · ') FROM (SELECT replace(replace(old.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT old.sport AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(old.tags) THEN old.tags ELSE '[]' END)) AS part))); INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 1, new.title, (SELECT group_concat(part, ' · ') FROM (SELECT replace(replace(new.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT new.sport AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER workout_search_fts_delete AFTER DELETE ON workout BEGIN INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id * 4 + 1, old.title, (SELECT group_concat(part, ' · ') FROM (SELECT replace(replace(old.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT old.sport AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(old.tags) THEN old.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER reading_item_search_fts_insert AFTER INSERT ON reading_item BEGIN INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 2, new.title, (SELECT group_concat(part, ' · ') FROM (SELECT (SELECT group_concat(value, ', ') FROM json_each(CASE WHEN json_valid(new.authors) THEN new.authors ELSE '[]' END)) AS part UNION ALL SELECT replace(replace(new.review, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER reading_item_search_fts_update AFTER UPDATE OF id, title, authors, review, tags ON reading_item BEGIN INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id * 4 + 2, old.title, (SELECT group_concat(part, ' · ') FROM (SELECT (SELECT group_concat(value, ', ') FROM json_each(CASE WHEN json_valid(old.authors) THEN old.authors ELSE '[]' END)) AS part UNION ALL SELECT replace(replace(old.review, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(old.tags) THEN old.tags ELSE '[]' END)) AS part))); INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 2, new.title, (SELECT group_concat(part, ' · ') FROM (SELECT (SELECT group_concat(value, ', ') FROM json_each(CASE WHEN json_valid(new.authors) THEN new.authors ELSE '[]' END)) AS part UNION ALL SELECT replace(replace(new.review, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(new.tags) THEN new.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER reading_item_search_fts_delete AFTER DELETE ON reading_item BEGIN INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id * 4 + 2, old.title, (SELECT group_concat(part, ' · ') FROM (SELECT (SELECT group_concat(value, ', ') FROM json_each(CASE WHEN json_valid(old.authors) THEN old.authors ELSE '[]' END)) AS part UNION ALL SELECT replace(replace(old.review, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT (SELECT group_concat('#' || value, ' ') FROM json_each(CASE WHEN json_valid(old.tags) THEN old.tags ELSE '[]' END)) AS part))); END;
CREATE TRIGGER resource_search_fts_insert AFTER INSERT ON resource BEGIN INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 3, new.title, (SELECT group_concat(part, ' · ') FROM (SELECT new.description AS part UNION ALL SELECT replace(replace(new.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT new.topic AS part UNION ALL SELECT substr(substr((replace(replace(substr(new.url, instr(new.url, '://') + 3), '?', '/'), '#', '/') || '/'), 1, instr((replace(replace(substr(new.url, instr(new.url, '://') + 3), '?', '/'), '#', '/') || '/'), '/') - 1), instr(substr((replace(replace(substr(new.url, instr(new.url, '://') + 3), '?', '/'), '#', '/') || '/'), 1, instr((replace(replace(substr(new.url, instr(new.url, '://') + 3), '?', '/'), '#', '/') || '/'), '/') - 1), '@') + 1) AS part))); END;
CREATE TRIGGER resource_search_fts_update AFTER UPDATE OF id, title, description, note, topic, url ON resource BEGIN INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id * 4 + 3, old.title, (SELECT group_concat(part, ' · ') FROM (SELECT old.description AS part UNION ALL SELECT replace(replace(old.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT old.topic AS part UNION ALL SELECT substr(substr((replace(replace(substr(old.url, instr(old.url, '://') + 3), '?', '/'), '#', '/') || '/'), 1, instr((replace(replace(substr(old.url, instr(old.url, '://') + 3), '?', '/'), '#', '/') || '/'), '/') - 1), instr(substr((replace(replace(substr(old.url, instr(old.url, '://') + 3), '?', '/'), '#', '/') || '/'), 1, instr((replace(replace(substr(old.url, instr(old.url, '://') + 3), '?', '/'), '#', '/') || '/'), '/') - 1), '@') + 1) AS part))); INSERT INTO search_fts (rowid, title, body) VALUES (new.id * 4 + 3, new.title, (SELECT group_concat(part, ' · ') FROM (SELECT new.description AS part UNION ALL SELECT replace(replace(new.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT new.topic AS part UNION ALL SELECT substr(substr((replace(replace(substr(new.url, instr(new.url, '://') + 3), '?', '/'), '#', '/') || '/'), 1, instr((replace(replace(substr(new.url, instr(new.url, '://') + 3), '?', '/'), '#', '/') || '/'), '/') - 1), instr(substr((replace(replace(substr(new.url, instr(new.url, '://') + 3), '?', '/'), '#', '/') || '/'), 1, instr((replace(replace(substr(new.url, instr(new.url, '://') + 3), '?', '/'), '#', '/') || '/'), '/') - 1), '@') + 1) AS part))); END;
CREATE TRIGGER resource_search_fts_delete AFTER DELETE ON resource BEGIN INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id * 4 + 3, old.title, (SELECT group_concat(part, ' · ') FROM (SELECT old.description AS part UNION ALL SELECT replace(replace(old.note, char(10), ' '), char(9), ' ') AS part UNION ALL SELECT old.topic AS part UNION ALL SELECT substr(substr((replace(replace(substr(old.url, instr(old.url, '://') + 3), '?', '/'), '#', '/') || '/'), 1, instr((replace(replace(substr(old.url, instr(old.url, '://') + 3), '?', '/'), '#', '/') || '/'), '/') - 1), instr(substr((replace(replace(substr(old.url, instr(old.url, '://') + 3), '?', '/'), '#', '/') || '/'), 1, instr((replace(replace(substr(old.url, instr(old.url, '://') + 3), '?', '/'), '#', '/') || '/'), '/') - 1), '@') + 1) AS part))); END;
CREATE TABLE challenge (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	"key" VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	days INTEGER, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT uq_challenge_key UNIQUE ("key")
);
CREATE TABLE feed (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	kind VARCHAR DEFAULT 'blog' NOT NULL, 
	title VARCHAR NOT NULL, 
	url VARCHAR, 
	tags VARCHAR DEFAULT '[]' NOT NULL, 
	added DATE, 
	source VARCHAR DEFAULT 'manual' NOT NULL, 
	source_id VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT uq_feed_source_source_id UNIQUE (source, source_id)
);
CREATE INDEX ix_writing_entry_day_words ON writing_entry (day, words);
CREATE TABLE study_session (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	day DATE NOT NULL, 
	duration_s INTEGER NOT NULL, 
	topic VARCHAR, 
	resource_id INTEGER, 
	note VARCHAR, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT fk_study_session_resource_id_resource FOREIGN KEY(resource_id) REFERENCES resource (id) ON DELETE SET NULL
);
CREATE INDEX ix_study_session_day ON study_session (day);
CREATE INDEX ix_study_session_resource_id ON study_session (resource_id);
CREATE INDEX ix_study_session_topic ON study_session (topic);
CREATE TABLE habit (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	"key" VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	unit VARCHAR, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT uq_habit_key UNIQUE ("key")
);
CREATE TABLE habit_log (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	habit_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	amount FLOAT DEFAULT '1' NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT fk_habit_log_habit_id_habit FOREIGN KEY(habit_id) REFERENCES habit (id) ON DELETE CASCADE
);
CREATE INDEX ix_habit_log_habit_id_day ON habit_log (habit_id, day);
CREATE INDEX ix_workout_sport_distance_m ON workout (sport, distance_m);
CREATE INDEX ix_workout_sport_duration_s ON workout (sport, duration_s);
CREATE INDEX ix_workout_effort_distance_m_duration_s ON workout_effort (distance_m, duration_s);
CREATE INDEX ix_resource_status_done ON resource (status, done);
CREATE INDEX ix_reading_item_status_finished ON reading_item (status, finished);
CREATE INDEX ix_reading_item_added ON reading_item (added);
CREATE INDEX ix_reading_item_started ON reading_item (started);
CREATE TABLE writing_run (first_day DATE NOT NULL PRIMARY KEY, last_day DATE NOT NULL, days INTEGER NOT NULL, first_written DATE, last_written DATE);
CREATE INDEX ix_writing_run_last_day ON writing_run (last_day);
CREATE INDEX ix_writing_run_days ON writing_run (days, last_day);
CREATE TABLE writing_run_change (lo DATE NOT NULL, hi DATE NOT NULL);
CREATE TRIGGER writing_entry_runs_insert AFTER INSERT ON writing_entry WHEN NEW.words > 0 BEGIN UPDATE writing_run SET days = days + 1, first_written = min(coalesce(first_written, NEW.day), NEW.day), last_written = max(coalesce(last_written, NEW.day), NEW.day) WHERE first_day <= NEW.day AND last_day >= NEW.day AND date(NEW.day) IS NEW.day AND NOT EXISTS (SELECT 1 FROM writing_entry WHERE day = NEW.day AND words > 0 AND id IS NOT NEW.id); INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) SELECT NEW.day, NEW.day, 1, NEW.day, NEW.day WHERE date(NEW.day) IS NEW.day AND NOT EXISTS (SELECT 1 FROM writing_run WHERE first_day <= NEW.day AND last_day >= NEW.day AND date(NEW.day) IS NEW.day); UPDATE writing_run SET (last_day, days, first_written, last_written) = (SELECT n.last_day, writing_run.days + n.days, coalesce(writing_run.first_written, n.first_written), coalesce(n.last_written, writing_run.last_written) FROM writing_run AS n WHERE n.first_day = date(NEW.day, '+1 day')) WHERE first_day = NEW.day AND EXISTS (SELECT 1 FROM writing_run AS n WHERE n.first_day = date(NEW.day, '+1 day')); DELETE FROM writing_run WHERE first_day = date(NEW.day, '+1 day') AND EXISTS (SELECT 1 FROM writing_run AS j WHERE j.first_day = NEW.day AND j.last_day >= date(NEW.day, '+1 day')); UPDATE writing_run SET (last_day, days, first_written, last_written) = (SELECT n.last_day, writing_run.days + n.days, coalesce(writing_run.first_written, n.first_written), coalesce(n.last_written, writing_run.last_written) FROM writing_run AS n WHERE n.first_day = NEW.day) WHERE last_day = date(NEW.day, '-1 day') AND EXISTS (SELECT 1 FROM writing_run AS n WHERE n.first_day = NEW.day); DELETE FROM writing_run WHERE first_day = NEW.day AND EXISTS (SELECT 1 FROM writing_run AS j WHERE j.first_day < NEW.day AND j.last_day >= NEW.day); END;
CREATE TRIGGER writing_entry_runs_delete AFTER DELETE ON writing_entry WHEN OLD.words > 0 BEGIN DELETE FROM writing_run_change; INSERT INTO writing_run_change (lo, hi) SELECT min(coalesce(min(first_day), OLD.day), OLD.day), max(coalesce(max(last_day), OLD.day), OLD.day) FROM writing_run WHERE first_day <= coalesce(date(OLD.day, '+1 day'), OLD.day) AND last_day >= coalesce(date(OLD.day, '-1 day'), OLD.day) AND date(OLD.day) IS OLD.day HAVING date(OLD.day) IS OLD.day; DELETE FROM writing_run WHERE first_day <= coalesce(date(OLD.day, '+1 day'), OLD.day) AND last_day >= coalesce(date(OLD.day, '-1 day'), OLD.day) AND date(OLD.day) IS OLD.day; INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) SELECT min(day), max(day), sum(written), min(CASE WHEN written THEN day END), max(CASE WHEN written THEN day END) FROM (SELECT day, max(written) AS written, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM (SELECT day, 1 AS written FROM writing_entry WHERE day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND words > 0 AND date(day) IS day UNION ALL SELECT day, 0 FROM skip_day WHERE habit = 'write' AND day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND date(day) IS day) GROUP BY day) GROUP BY run; DELETE FROM writing_run_change; END;
CREATE TRIGGER writing_entry_runs_update AFTER UPDATE OF day, words ON writing_entry WHEN (OLD.words > 0 OR NEW.words > 0) AND (OLD.day IS NOT NEW.day OR (OLD.words > 0) IS NOT (NEW.words > 0)) BEGIN DELETE FROM writing_run_change; INSERT INTO writing_run_change (lo, hi) SELECT min(coalesce(min(first_day), OLD.day), OLD.day), max(coalesce(max(last_day), OLD.day), OLD.day) FROM writing_run WHERE first_day <= coalesce(date(OLD.day, '+1 day'), OLD.day) AND last_day >= coalesce(date(OLD.day, '-1 day'), OLD.day) AND date(OLD.day) IS OLD.day HAVING date(OLD.day) IS OLD.day; DELETE FROM writing_run WHERE first_day <= coalesce(date(OLD.day, '+1 day'), OLD.day) AND last_day >= coalesce(date(OLD.day, '-1 day'), OLD.day) AND date(OLD.day) IS OLD.day; INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) SELECT min(day), max(day), sum(written), min(CASE WHEN written THEN day END), max(CASE WHEN written THEN day END) FROM (SELECT day, max(written) AS written, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM (SELECT day, 1 AS written FROM writing_entry WHERE day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND words > 0 AND date(day) IS day UNION ALL SELECT day, 0 FROM skip_day WHERE habit = 'write' AND day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND date(day) IS day) GROUP BY day) GROUP BY run; DELETE FROM writing_run_change; DELETE FROM writing_run_change; INSERT INTO writing_run_change (lo, hi) SELECT min(coalesce(min(first_day), NEW.day), NEW.day), max(coalesce(max(last_day), NEW.day), NEW.day) FROM writing_run WHERE first_day <= coalesce(date(NEW.day, '+1 day'), NEW.day) AND last_day >= coalesce(date(NEW.day, '-1 day'), NEW.day) AND date(NEW.day) IS NEW.day HAVING date(NEW.day) IS NEW.day; DELETE FROM writing_run WHERE first_day <= coalesce(date(NEW.day, '+1 day'), NEW.day) AND last_day >= coalesce(date(NEW.day, '-1 day'), NEW.day) AND date(NEW.day) IS NEW.day; INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) SELECT min(day), max(day), sum(written), min(CASE WHEN written THEN day END), max(CASE WHEN written THEN day END) FROM (SELECT day, max(written) AS written, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM (SELECT day, 1 AS written FROM writing_entry WHERE day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND words > 0 AND date(day) IS day UNION ALL SELECT day, 0 FROM skip_day WHERE habit = 'write' AND day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND date(day) IS day) GROUP BY day) GROUP BY run; DELETE FROM writing_run_change; END;
CREATE TRIGGER skip_day_runs_insert AFTER INSERT ON skip_day WHEN NEW.habit = 'write' BEGIN INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) SELECT NEW.day, NEW.day, 0, NULL, NULL WHERE date(NEW.day) IS NEW.day AND NOT EXISTS (SELECT 1 FROM writing_run WHERE first_day <= NEW.day AND last_day >= NEW.day AND date(NEW.day) IS NEW.day); UPDATE writing_run SET (last_day, days, first_written, last_written) = (SELECT n.last_day, writing_run.days + n.days, coalesce(writing_run.first_written, n.first_written), coalesce(n.last_written, writing_run.last_written) FROM writing_run AS n WHERE n.first_day = date(NEW.day, '+1 day')) WHERE first_day = NEW.day AND EXISTS (SELECT 1 FROM writing_run AS n WHERE n.first_day = date(NEW.day, '+1 day')); DELETE FROM writing_run WHERE first_day = date(NEW.day, '+1 day') AND EXISTS (SELECT 1 FROM writing_run AS j WHERE j.first_day = NEW.day AND j.last_day >= date(NEW.day, '+1 day')); UPDATE writing_run SET (last_day, days, first_written, last_written) = (SELECT n.last_day, writing_run.days + n.days, coalesce(writing_run.first_written, n.first_written), coalesce(n.last_written, writing_run.last_written) FROM writing_run AS n WHERE n.first_day = NEW.day) WHERE last_day = date(NEW.day, '-1 day') AND EXISTS (SELECT 1 FROM writing_run AS n WHERE n.first_day = NEW.day); DELETE FROM writing_run WHERE first_day = NEW.day AND EXISTS (SELECT 1 FROM writing_run AS j WHERE j.first_day < NEW.day AND j.last_day >= NEW.day); END;
CREATE TRIGGER skip_day_runs_delete AFTER DELETE ON skip_day WHEN OLD.habit = 'write' BEGIN DELETE FROM writing_run_change; INSERT INTO writing_run_change (lo, hi) SELECT min(coalesce(min(first_day), OLD.day), OLD.day), max(coalesce(max(last_day), OLD.day), OLD.day) FROM writing_run WHERE first_day <= coalesce(date(OLD.day, '+1 day'), OLD.day) AND last_day >= coalesce(date(OLD.day, '-1 day'), OLD.day) AND date(OLD.day) IS OLD.day HAVING date(OLD.day) IS OLD.day; DELETE FROM writing_run WHERE first_day <= coalesce(date(OLD.day, '+1 day'), OLD.day) AND last_day >= coalesce(date(OLD.day, '-1 day'), OLD.day) AND date(OLD.day) IS OLD.day; INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) SELECT min(day), max(day), sum(written), min(CASE WHEN written THEN day END), max(CASE WHEN written THEN day END) FROM (SELECT day, max(written) AS written, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM (SELECT day, 1 AS written FROM writing_entry WHERE day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND words > 0 AND date(day) IS day UNION ALL SELECT day, 0 FROM skip_day WHERE habit = 'write' AND day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND date(day) IS day) GROUP BY day) GROUP BY run; DELETE FROM writing_run_change; END;
CREATE TRIGGER skip_day_runs_update AFTER UPDATE OF habit, day ON skip_day WHEN OLD.habit = 'write' OR NEW.habit = 'write' BEGIN DELETE FROM writing_run_change; INSERT INTO writing_run_change (lo, hi) SELECT min(coalesce(min(first_day), OLD.day), OLD.day), max(coalesce(max(last_day), OLD.day), OLD.day) FROM writing_run WHERE first_day <= coalesce(date(OLD.day, '+1 day'), OLD.day) AND last_day >= coalesce(date(OLD.day, '-1 day'), OLD.day) AND date(OLD.day) IS OLD.day HAVING date(OLD.day) IS OLD.day; DELETE FROM writing_run WHERE first_day <= coalesce(date(OLD.day, '+1 day'), OLD.day) AND last_day >= coalesce(date(OLD.day, '-1 day'), OLD.day) AND date(OLD.day) IS OLD.day; INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) SELECT min(day), max(day), sum(written), min(CASE WHEN written THEN day END), max(CASE WHEN written THEN day END) FROM (SELECT day, max(written) AS written, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM (SELECT day, 1 AS written FROM writing_entry WHERE day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND words > 0 AND date(day) IS day UNION ALL SELECT day, 0 FROM skip_day WHERE habit = 'write' AND day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND date(day) IS day) GROUP BY day) GROUP BY run; DELETE FROM writing_run_change; DELETE FROM writing_run_change; INSERT INTO writing_run_change (lo, hi) SELECT min(coalesce(min(first_day), NEW.day), NEW.day), max(coalesce(max(last_day), NEW.day), NEW.day) FROM writing_run WHERE first_day <= coalesce(date(NEW.day, '+1 day'), NEW.day) AND last_day >= coalesce(date(NEW.day, '-1 day'), NEW.day) AND date(NEW.day) IS NEW.day HAVING date(NEW.day) IS NEW.day; DELETE FROM writing_run WHERE first_day <= coalesce(date(NEW.day, '+1 day'), NEW.day) AND last_day >= coalesce(date(NEW.day, '-1 day'), NEW.day) AND date(NEW.day) IS NEW.day; INSERT INTO writing_run (first_day, last_day, days, first_written, last_written) SELECT min(day), max(day), sum(written), min(CASE WHEN written THEN day END), max(CASE WHEN written THEN day END) FROM (SELECT day, max(written) AS written, julianday(day) - row_number() OVER (ORDER BY day) AS run FROM (SELECT day, 1 AS written FROM writing_entry WHERE day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND words > 0 AND date(day) IS day UNION ALL SELECT day, 0 FROM skip_day WHERE habit = 'write' AND day BETWEEN (SELECT lo FROM writing_run_change) AND (SELECT hi FROM writing_run_change) AND date(day) IS day) GROUP BY day) GROUP BY run; DELETE FROM writing_run_change; END;
CREATE INDEX ix_resource_added ON resource (added);
INSERT INTO "alembic_version" ("version_num") VALUES ('0009');
