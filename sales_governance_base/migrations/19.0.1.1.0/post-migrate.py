"""19.0.1.1.0: group robot messages that failed and wait for another attempt say so
(``retry``, 等待重试), and a message given up reads 发送失败 rather than 失败.

An upgrade keeps the Chinese label already stored for a selection value whose English
label changed: the new one is written here, as a fresh installation loads it.
"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        "UPDATE sales_notify_message SET state = 'retry' "
        "WHERE state = 'queued' AND attempt_count > 0"
    )
    cr.execute(
        SQL(
            """
            UPDATE ir_model_fields_selection s
               SET name = jsonb_set(s.name, '{zh_CN}', to_jsonb(%s::text))
              FROM ir_model_fields f
             WHERE f.id = s.field_id AND f.model = 'sales.notify.message'
               AND f.name = 'state' AND s.value = 'failed' AND s.name ? 'zh_CN'
            """,
            "发送失败",
        )
    )
