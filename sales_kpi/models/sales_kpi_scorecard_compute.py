import json

from odoo import api, fields, models
from odoo.tools import SQL

from .sales_kpi_scorecard_line import ACHIEVEMENT_SQL, SCORE_SQL


class SalesKpiScorecard(models.Model):
    """The computation of scorecards: their lines, totals and ranks in a few set-based
    statements (``_compute_kpis``, ``_update_totals``, ``_rank_sql``) and the generation of a
    period's scorecards (``_generate``). The scorecard itself, its checks and its buttons are in
    ``sales_kpi_scorecard.py``."""

    # One concern per file, as the certificate's workflow: not merged with
    # sales_kpi_scorecard.py.
    _inherit = "sales.kpi.scorecard"  # pylint: disable=consider-merging-classes-inherited

    # === COMPUTATION === #
    def _compute_kpis(self):
        """Compute the lines, totals and ranks of ``self`` (draft or computed scorecards).

        Set-based: one aggregate per source and period for all the reps (``_kpi_values``),
        then one statement scores every line (by the one definition of a score,
        ``ACHIEVEMENT_SQL`` and ``SCORE_SQL`` of the scorecard line),
        drops the lines of indicators the template no longer has, inserts the missing lines,
        updates the ones whose numbers changed and writes the totals and ranks (the
        benchmark's figure is in the README)."""
        if not self:
            return
        self.env.flush_all()
        cr = self.env.cr
        # What to compute: every indicator of the templates, per period and tier, for which
        # reps (a managers' template reads the books of the manager's whole team).
        cr.execute(
            SQL(
                """
                SELECT tl.indicator_id, s.date_from, s.date_to, t.tier = 'manager',
                       array_agg(s.user_id), array_agg(s.team_id), array_agg(s.id)
                  FROM sales_kpi_scorecard s
                  JOIN sales_kpi_template t ON t.id = s.template_id
                  LEFT JOIN sales_kpi_template_line tl ON tl.template_id = s.template_id
                 WHERE s.id = ANY(%s) AND s.state IN ('draft', 'computed')
                 GROUP BY tl.indicator_id, s.date_from, s.date_to, t.tier = 'manager'
                """,
                self.ids,
            )
        )
        groups = cr.fetchall()
        ids = sorted({scorecard_id for group in groups for scorecard_id in group[6]})
        if not ids:
            return
        # One aggregate per indicator and period, for every rep at once.
        # sudo: the sources read the books (orders, expenses, complaints) of every rep scored,
        # more than the computing manager's record rules show; only the figures come out.
        indicators = (
            self.env["sales.kpi.indicator"].sudo().browse(sorted({g[0] for g in groups if g[0]}))
        )
        indicators = {indicator.id: indicator for indicator in indicators}
        values, notes, cache = [], [], {}
        for indicator_id, date_from, date_to, team, user_ids, team_ids, _ids in groups:
            if not indicator_id:
                continue
            teams = dict(zip(user_ids, team_ids, strict=True)) if team else None
            result, note = indicators[indicator_id]._kpi_values(
                date_from, date_to, user_ids, cache, teams=teams
            )
            period = {"i": indicator_id, "f": str(date_from), "t": str(date_to), "m": team}
            if result:
                values.append({**period, "u": list(result), "x": list(result.values())})
            if note:
                notes.append({**period, "n": note})
        # Every join below is between whole sets (10,000 lines for 1,000 scorecards) and wants
        # a hash join on all its keys. Without statistics for the values passed in (or for rows
        # this transaction just inserted) the planner may pick a nested loop, or a merge join
        # on part of the keys that filters the rest row by row: seconds instead of
        # milliseconds. Both are off for this statement only.
        cr.execute("SELECT current_setting('enable_nestloop'), current_setting('enable_mergejoin')")
        planner = cr.fetchone()
        cr.execute("SET LOCAL enable_nestloop = off; SET LOCAL enable_mergejoin = off")
        cr.execute(
            SQL(
                """
                WITH source AS MATERIALIZED (
                    SELECT s.i, s.f, s.t, s.m, v.user_id, v.value
                      FROM jsonb_to_recordset(%(values)s::jsonb)
                           AS s(i int, f date, t date, m bool, u int[], x float8[]),
                           unnest(s.u, s.x) AS v(user_id, value)
                ), note AS (
                    SELECT * FROM jsonb_to_recordset(%(notes)s::jsonb)
                           AS n(i int, f date, t date, m bool, n varchar)
                ), base AS (
                    SELECT s.id AS scorecard_id, tl.indicator_id, tl.sequence, tl.weight,
                           tl.target_value AS target, tl.score_cap AS cap, i.source,
                           i.direction, l.id AS line_id, l.manual_score AS manual,
                           btrim(COALESCE(l.adjust_reason, '')) != '' AS adjusted,
                           l.comment AS old_comment, l.source_note AS old_note,
                           note.n AS note,
                           CASE WHEN i.source = 'manual' THEN COALESCE(l.manual_score, 0)
                                ELSE COALESCE(source.value, 0) END AS actual
                      FROM sales_kpi_scorecard s
                      JOIN sales_kpi_template tpl ON tpl.id = s.template_id
                      JOIN sales_kpi_template_line tl ON tl.template_id = s.template_id
                      JOIN sales_kpi_indicator i ON i.id = tl.indicator_id
                      LEFT JOIN sales_kpi_scorecard_line l
                        ON l.scorecard_id = s.id AND l.indicator_id = tl.indicator_id
                      LEFT JOIN source
                        ON source.i = tl.indicator_id AND source.user_id = s.user_id
                       AND source.f = s.date_from AND source.t = s.date_to
                       AND source.m = (tpl.tier = 'manager')
                      LEFT JOIN note
                        ON note.i = tl.indicator_id AND note.f = s.date_from
                       AND note.t = s.date_to AND note.m = (tpl.tier = 'manager')
                     WHERE s.id = ANY(%(ids)s)
                ), achieved AS (
                    SELECT base.*, %(achievement_sql)s AS achievement
                      FROM base
                ), scored AS (
                    SELECT achieved.*, %(score_sql)s AS score,
                           -- the source's note shows unless the manager wrote a comment
                           CASE WHEN COALESCE(old_comment, '') = ''
                                  OR old_comment = old_note THEN note
                                ELSE old_comment END AS comment
                      FROM achieved
                ), deleted AS (
                    -- lines of indicators the template no longer has
                    DELETE FROM sales_kpi_scorecard_line l
                     USING sales_kpi_scorecard s
                     WHERE l.scorecard_id = s.id AND s.id = ANY(%(ids)s)
                       AND NOT EXISTS (
                           SELECT 1 FROM sales_kpi_template_line tl
                            WHERE tl.template_id = s.template_id
                              AND tl.indicator_id = l.indicator_id)
                ), inserted AS (
                    -- No author: the computation wrote them (the scorecard's computed date
                    -- says when); a manager's later change of a line records its author.
                    -- Each user reference would cost a foreign-key check per line, the
                    -- largest part of generating a period's scorecards.
                    INSERT INTO sales_kpi_scorecard_line
                           (scorecard_id, indicator_id, sequence, weight, target_value,
                            score_cap, actual_value, achievement, score, weighted_score,
                            source_note, comment, create_date, write_date)
                    SELECT scorecard_id, indicator_id, sequence, weight, target, cap, actual,
                           achievement, score, score * weight / 100.0, note, comment,
                           now() at time zone 'UTC', now() at time zone 'UTC'
                      FROM scored
                     WHERE line_id IS NULL
                ), updated AS (
                    UPDATE sales_kpi_scorecard_line l
                       SET weight = scored.weight, target_value = scored.target,
                           score_cap = scored.cap, actual_value = scored.actual,
                           achievement = scored.achievement, score = scored.score,
                           weighted_score = scored.score * scored.weight / 100.0,
                           source_note = scored.note, comment = scored.comment,
                           write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                      FROM scored
                     WHERE l.id = scored.line_id
                       AND (l.actual_value, l.score, l.weight, l.target_value, l.score_cap,
                            l.source_note, l.comment)
                           IS DISTINCT FROM (scored.actual, scored.score, scored.weight,
                                             scored.target, scored.cap, scored.note,
                                             scored.comment)
                ), totals AS (
                    SELECT x.id, COALESCE(t.total, 0) AS total
                      FROM unnest(%(ids)s::int[]) AS x(id)
                      LEFT JOIN (SELECT scorecard_id, SUM(score * weight / 100.0) AS total
                                   FROM scored GROUP BY scorecard_id) t
                        ON t.scorecard_id = x.id
                ), %(rank)s
                """,
                values=json.dumps(values),
                notes=json.dumps(notes),
                ids=ids,
                uid=self.env.uid,
                rank=self._rank_sql(ids),
                achievement_sql=ACHIEVEMENT_SQL,
                score_sql=SCORE_SQL,
            )
        )
        cr.execute(
            SQL(
                "SELECT set_config('enable_nestloop', %s, true), "
                "set_config('enable_mergejoin', %s, true)",
                *planner,
            )
        )
        self.env["sales.kpi.scorecard.line"].invalidate_model()
        self.invalidate_model()

    def _update_totals(self):
        """Sum the totals of ``self`` from their lines and mark them computed, then rank."""
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH totals AS (
                    SELECT scorecard_id AS id, SUM(weighted_score) AS total
                      FROM sales_kpi_scorecard_line
                     WHERE scorecard_id = ANY(%(ids)s)
                     GROUP BY scorecard_id
                ), %(rank)s
                """,
                ids=self.ids,
                rank=self._rank_sql(self.ids),
            )
        )
        self.env["sales.kpi.scorecard.line"].invalidate_model()
        self.invalidate_model()

    @api.model
    def _rank_sql(self, ids):
        """The end of a statement whose ``totals`` CTE gives ``(id, total)`` of the scorecards
        ``ids`` being computed: writes their totals and marks them computed, then ranks every
        computed scorecard sharing a template and period with them, in the team and in the
        company (window functions), writing only what changes."""
        return SQL(
            """
            scope AS (
                SELECT s.id, s.template_id, s.date_from, s.date_to, s.team_id, s.company_id,
                       COALESCE(totals.total, s.total_score, 0) AS total,
                       totals.id IS NOT NULL AS computing
                  FROM sales_kpi_scorecard s
                  LEFT JOIN totals ON totals.id = s.id
                 WHERE (s.state != 'draft' OR totals.id IS NOT NULL)
                   AND (s.template_id, s.date_from, s.date_to) IN (
                       SELECT template_id, date_from, date_to FROM sales_kpi_scorecard
                        WHERE id = ANY(%(ids)s))
            ), ranked AS (
                SELECT scope.*,
                       RANK() OVER (PARTITION BY template_id, date_from, date_to, team_id
                                    ORDER BY total DESC) AS team_rank,
                       RANK() OVER (PARTITION BY template_id, date_from, date_to, company_id
                                    ORDER BY total DESC) AS company_rank
                  FROM scope
            )
            UPDATE sales_kpi_scorecard s
               SET total_score = ranked.total, rank = ranked.team_rank,
                   company_rank = ranked.company_rank,
                   state = CASE WHEN ranked.computing AND s.state = 'draft'
                                THEN 'computed' ELSE s.state END,
                   computed_date = CASE WHEN ranked.computing
                                        THEN now() at time zone 'UTC'
                                        ELSE s.computed_date END
              FROM ranked
             WHERE s.id = ranked.id
               AND ((ranked.computing
                     AND (s.state = 'draft' OR s.total_score IS DISTINCT FROM ranked.total))
                    OR s.rank IS DISTINCT FROM ranked.team_rank
                    OR s.company_rank IS DISTINCT FROM ranked.company_rank)
            """,
            ids=ids,
        )

    @api.model
    def _generate(self, template, date_from, date_to, teams):
        """Create the missing scorecards of ``template`` for the period, one per member of
        ``teams`` (their leaders for a managers' template; a rep in two teams is ranked in the
        first), and compute the drafts and computed ones; reviewed and confirmed ones stay as
        they are. Returns all of them.

        The missing ones are inserted in one statement (no chatter entry, no follower): a
        thousand ORM creates would cost more than computing them."""
        cr = self.env.cr
        # sudo: the leaders and memberships of every team asked for are read whatever the
        # caller's crm.team rules show (the wizard checked the caller leads them or directs).
        teams = teams.sudo()
        self.env.flush_all()
        if template.tier == "manager":
            members = [(team.user_id.id, team.id) for team in teams if team.user_id]
        else:
            # crm.team's member_ids: its active memberships (one read for all the teams).
            cr.execute(
                SQL(
                    "SELECT crm_team_id, user_id FROM crm_team_member "
                    "WHERE active AND crm_team_id = ANY(%s) ORDER BY id",
                    teams.ids,
                )
            )
            by_team = {}
            for team_id, user_id in cr.fetchall():
                by_team.setdefault(team_id, []).append(user_id)
            members = [(user_id, team.id) for team in teams for user_id in by_team.get(team.id, [])]
        wanted = {}
        for user_id, team_id in members:
            wanted.setdefault(user_id, team_id)
        if not wanted:
            return self.browse()
        period = f"{fields.Date.to_date(date_from)} ~ {fields.Date.to_date(date_to)}"
        # The name is the stored compute's (rep / template / period), written here at once.
        cr.execute(
            SQL(
                """
                INSERT INTO sales_kpi_scorecard
                       (name, user_id, team_id, template_id, date_from, date_to, company_id,
                        state, total_score, rank, company_rank, create_uid, create_date,
                        write_uid, write_date)
                SELECT concat_ws(' / ', partner.name, %(template_name)s, %(period)s), v.user_id,
                       v.team_id, %(template)s, %(date_from)s, %(date_to)s, %(company)s, 'draft',
                       0, 0, 0, %(uid)s, now() at time zone 'UTC', %(uid)s,
                       now() at time zone 'UTC'
                  FROM unnest(%(users)s::int[], %(teams)s::int[]) AS v(user_id, team_id)
                  JOIN res_users u ON u.id = v.user_id
                  JOIN res_partner partner ON partner.id = u.partner_id
                 ORDER BY v.user_id
                    ON CONFLICT (user_id, template_id, date_from, date_to) DO NOTHING
                """,
                users=list(wanted),
                teams=list(wanted.values()),
                template_name=template.name,
                period=period,
                template=template.id,
                date_from=date_from,
                date_to=date_to,
                company=template.company_id.id or self.env.company.id,
                uid=self.env.uid,
            )
        )
        cr.execute(
            SQL(
                "SELECT id FROM sales_kpi_scorecard WHERE template_id = %s AND date_from = %s "
                "AND date_to = %s AND user_id = ANY(%s) ORDER BY id",
                template.id,
                date_from,
                date_to,
                list(wanted),
            )
        )
        scorecards = self.browse([row[0] for row in cr.fetchall()])
        scorecards._compute_kpis()
        return scorecards
