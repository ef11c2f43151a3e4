from odoo.addons.sales_governance.tests.common import pdf_text
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .kpi_common import KpiCase

REPORT = "sales_kpi.action_report_kpi_scorecard"


@tagged("post_install", "-at_install")
class TestKpiScorecardRecord(KpiCase):
    """绩效考核表: the rep, team, period, every indicator's numbers, the total, the ranks and
    the signature boxes; printed only by who may read the scorecard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.lang_zh_CN").active = True
        (cls.rep_a | cls.rep_b | cls.manager_a | cls.manager_b | cls.director).write(
            {"lang": "zh_CN"}
        )
        cls.card_a = cls._scorecard(cls.rep_a, cls.team_a)
        cls.card_b = cls._scorecard(cls.rep_b, cls.team_b)
        (cls.card_a | cls.card_b)._compute_kpis()
        manual = cls._line(cls.card_a, cls.ind_manual)
        manual.with_user(cls.manager_a).write({"manual_score": 90, "comment": "积极主动"})
        cls.card_a.with_user(cls.manager_a).write({"review_comment": "继续保持"})

    def test_record_lists_lines_total_and_signatures(self):
        # The CJK font maps 长 to a radical that NFKC leaves alone.
        text = pdf_text(self.rep_a, REPORT, self.card_a).replace("\u2ed3", "长")
        self.assertIn("绩效考核表", text)
        for expected in ("Rep A", self.team_a.name, "2026/01/01", "2026/01/31", "已计算"):
            self.assertIn(expected, text)
        for header in ("指标", "权重", "目标", "实际", "达成率", "得分", "加权得分", "备注"):
            self.assertIn(header, text)
        card = self.card_a
        for line in card.line_ids:
            self.assertIn(line.indicator_id.with_context(lang="zh_CN").name, text)
        sales = self._line(card, self.ind_sales)
        self.assertIn("2,000.00", text)  # actual sales
        self.assertIn(f"{sales.weighted_score:.2f}", text)
        self.assertIn(f"{card.total_score:.2f}", text)
        self.assertIn("积极主动", text)
        self.assertIn("继续保持", text)
        self.assertRegex(text, rf"团队排名:\s*{card.rank}\b")
        for box in ("被考核人", "考核人", "审核人"):
            self.assertIn(box, text)

    def test_only_readers_print(self):
        """A rep prints their own scorecard only; a manager their team's; a director all."""
        with self.assertRaises(AccessError):
            pdf_text(self.rep_a, REPORT, self.card_b)
        with self.assertRaises(AccessError):
            pdf_text(self.manager_a, REPORT, self.card_b)
        self.assertIn("Rep B", pdf_text(self.manager_b, REPORT, self.card_b))
        self.assertIn("Rep A", pdf_text(self.director, REPORT, self.card_a))

    def test_analysis_headers_in_chinese(self):
        """The pivot and graph headers (the fields' labels) read in Chinese."""
        for model, names in (
            ("sales.kpi.analysis", ["team_id", "indicator_id", "date_from", "score"]),
            ("sales.kpi.analysis", ["weighted_score", "achievement", "user_id", "actual_value"]),
            ("sales.kpi.scorecard", ["team_id", "date_from", "total_score", "rank"]),
            ("sales.kpi.scorecard.line", ["weight", "target_value", "score", "weighted_score"]),
        ):
            labels = (
                self.env[model]
                .with_user(self.manager_a)
                .with_context(lang="zh_CN")
                .fields_get(names)
            )
            for name in names:
                with self.subTest(model=model, field=name):
                    label = labels[name]["string"]
                    self.assertTrue(any("\u4e00" <= char <= "\u9fff" for char in label), label)
