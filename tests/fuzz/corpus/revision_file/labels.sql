-- revision: feature_a_1
-- down_revision: ~
-- branch_labels: [feature.a, feature-b]
-- depends_on: [3f2a9c1b7d4e]
-- message: "unicode: caf\u00e9 \"q\" \\ back"
-- rev:upgrade
INSERT INTO t VALUES ('-- rev:upgrade is only a marker at the start of a line');
-- rev:downgrade
DELETE FROM t;
