-- Rows for the execution cases in *.case (ids: lines). Tables: tests/unit/query/test_schema.h.
-- The tests run with now = 2024-05-15T03:04:05Z, i.e. Wednesday 2024-05-15 12:04:05 in
-- Asia/Tokyo (UTC+9): today is 2024-05-15, this week is 05-12 (Sun) .. 05-18 (Sat).
INSERT INTO app_1 (id, revision, creator, modifier, created_at, updated_at, c_title, c_jtitle,
	c_body, c_rich, c_amount, c_amount_n, c_qty, c_qty_n, c_radio, c_check, c_multi,
	c_status, c_date, c_time, c_dt, c_link, c_file, c_users, "we""ird") VALUES
(1, 1, 'sato', 'suzuki', '2024-05-01T00:00:00Z', '2024-05-15T03:04:00Z', 'apple', '東京都',
	'first line' || char(10) || 'second', '<b>Bold</b>', '10', 10, '', NULL, 'A', '["a","b"]',
	'["x"]', 'open', '2024-05-15', '09:30', '2024-05-15T00:30:00Z', 'https://example.com',
	'["k1"]', '["sato"]', 'w1'),
(2, 3, 'suzuki', 'sato', '2024-04-30T15:00:00Z', '2024-05-14T15:00:00Z', 'Apple pie', '大阪',
	'  ' || char(9) || char(10), '', '-1.5', -1.5, '3', 3, NULL, '[]', '[]', 'closed',
	'2024-05-14', '18:00', '2024-05-14T14:59:59Z', '', '[]', '[]', ''),
(3, 2, 'tanaka', 'tanaka', '2023-12-31T15:00:00Z', '2024-01-01T00:00:00Z', '', '', '', '',
	'', NULL, '', NULL, 'B', '["c"]', '["x","y"]', NULL, NULL, NULL, NULL, '', '["k2","k3"]',
	'["suzuki","sato"]', ''),
(4, 1, 'sato', 'sato', '2024-05-15T03:04:05Z', '2024-05-15T03:04:59Z', '50% off_sale',
	'東京タワー', 'quote " and backslash \', 'Tokyo', '100', 100, '0', 0, 'A', '["a"]', '[]',
	'open', '2024-06-01', '00:00', '2024-05-15T15:00:00Z', 'mailto:a@example.com', '["k4"]',
	'["tanaka"]', ''),
(5, 1, 'suzuki', 'suzuki', '2024-05-11T15:00:00Z', '2024-05-11T15:00:00Z', 'x', '', 'x', '',
	'1000', 1000, '', NULL, NULL, '["b"]', '[]', 'pending', '2024-05-12', '23:59',
	'2024-05-11T15:00:00Z', '', '[]', '[]', ''),
(6, 1, 'sato', 'sato', '2024-05-31T14:59:00Z', '2024-05-31T14:59:00Z', 'X', '', '', '',
	'', NULL, '', NULL, NULL, '[]', '[]', 'open', '2024-05-31', '12:00',
	'2024-05-31T14:59:00Z', '', '[]', '[]', ''),
(7, 1, 'tanaka', 'tanaka', '2023-05-15T00:00:00Z', '2023-05-15T00:00:00Z',
	'tab' || char(9) || 'here', '', '', '', '0.1', 0.1, '', NULL, NULL, '[]', '[]', NULL,
	'2023-05-15', NULL, '2023-05-15T00:00:00Z', '', '[]', '[]', ''),
(8, 1, 'sato', 'sato', '2024-05-18T00:00:00Z', '2024-05-18T00:00:00Z', '東京', '東京', '', '',
	'', NULL, '', NULL, NULL, '[]', '[]', NULL, '2024-05-18', NULL, '2024-05-18T14:59:59Z',
	'', '[]', '[]', '');

INSERT INTO app_1_t22 (id, record_id, pos, c_item, c_price, c_price_n, c_due, c_at, c_recv,
	c_note, c_kind, c_staff, c_doc, c_type, c_ref) VALUES
(1, 1, 0, 'bolt', '10', 10, '2024-05-15', '10:00', '2024-05-15T01:00:00Z', 'hello', '["p"]',
	'["sato"]', '["k5"]', 'T1', ''),
(2, 1, 1, 'nut', '2.5', 2.5, NULL, NULL, NULL, '', '[]', '[]', '[]', NULL, ''),
(3, 2, 0, '', '', NULL, '2024-05-20', '08:00', NULL, '  ', '[]', '[]', '[]', NULL, ''),
(4, 4, 0, 'bolt', '99', 99, '2024-04-30', '23:00', '2024-04-30T15:00:00Z', 'World',
	'["p","q"]', '["tanaka"]', '["k6"]', 'T2', 'https://example.org');

INSERT INTO files (key, name) VALUES
('k1', 'report.pdf'), ('k2', 'photo.JPG'), ('k3', 'memo_2024.txt'), ('k4', '100%.png'),
('k5', 'spec.docx'), ('k6', 'report-final.pdf');
