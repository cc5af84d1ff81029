-- Issue 15 (privacy): a failed login of a name that is no account was logged with the name as typed, and a
-- password typed into the name field stood verbatim in audit_log. From now on such a name is logged only as a
-- keyed hash (ktdash.auth.logged_name); the rows written before are made anonymous here. Failed logins of
-- existing accounts keep their name.
UPDATE audit_log SET user_name = 'unbekannt', object = 'unbekannt'
WHERE action = 'login_failed'
  AND (json_extract_string(detail, '$.reason') = 'unknown_user'
       OR object IS NULL OR object NOT IN (SELECT user_name FROM users));
