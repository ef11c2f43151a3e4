from datetime import date, timedelta

from odoo.tests import TransactionCase, freeze_time, new_test_user

GROUP = "sales_qualification.group_qualification_%s"


@freeze_time("2030-03-01 04:00:00")
class QualificationCase(TransactionCase):
    """One user per tier and a small register, with nothing borrowed from demo data.

    who         groups                              role
    user        qualification user                  reads the register, borrows
    user2       qualification user                  another borrower
    legal       qualification user                  assigned legal reviewer
    rep         salesperson (sales_team)            sells (implies qualification user)
    custodian   qualification custodian             keeps originals, hands over, takes back
    manager     qualification manager               approves, reviews, configures

    certificate: valid, expires TODAY + 400 days, custodian/manager above
    The clock is frozen on TODAY; the expiry tests move it with freeze_time.
    """

    TODAY = date(2030, 3, 1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user = new_test_user(cls.env, "sq_user", GROUP % "user", name="Qual User")
        cls.user2 = new_test_user(cls.env, "sq_user2", GROUP % "user", name="Qual User 2")
        cls.legal = new_test_user(cls.env, "sq_legal", GROUP % "user", name="Legal Reviewer")
        cls.rep = new_test_user(
            cls.env, "sq_rep", "sales_team.group_sale_salesman", name="Sales Rep"
        )
        cls.custodian = new_test_user(
            cls.env, "sq_custodian", GROUP % "custodian", name="Custodian"
        )
        cls.manager = new_test_user(cls.env, "sq_manager", GROUP % "manager", name="Manager")
        cls.company = cls.env.company
        cls.company.write(
            {
                "qualification_alert_lead_days": "90,30,7",
                "qualification_min_remaining_days": 90,
                "qualification_max_borrow_days": 30,
            }
        )
        # The review tiers as shipped, with a named legal reviewer.
        cls.tiers = {
            dept: cls.env.ref(f"sales_qualification.tier_definition_qualification_{dept}")
            for dept in ("legal", "finance", "technical")
        }
        cls.tiers["legal"].write(
            {"review_type": "individual", "reviewer_id": cls.legal.id, "reviewer_group_id": False}
        )
        (cls.tiers["finance"] | cls.tiers["technical"]).write(
            {
                "review_type": "group",
                "reviewer_id": False,
                "reviewer_group_id": cls.env.ref(GROUP % "manager").id,
                "active": True,
            }
        )
        cls.env["tier.definition"].search(
            [
                ("model", "=", "sales.qualification"),
                ("id", "not in", [t.id for t in cls.tiers.values()]),
            ]
        ).active = False

        cls.qualification_type = cls.env["sales.qualification.type"].create(
            {"name": "Lighting Contracting", "code": "SQ-TEST"}
        )
        cls.certificate = cls._create_qualification(
            "Urban Lighting Grade I", "SQ-0001", expiry_days=400, state="valid"
        )

    @classmethod
    def _create_qualification(cls, name, number, expiry_days=400, state="draft", **vals):
        return cls.env["sales.qualification"].create(
            {
                "name": name,
                "number": number,
                "type_id": cls.qualification_type.id,
                "issue_date": cls.TODAY - timedelta(days=365),
                "expiry_date": cls.TODAY + timedelta(days=expiry_days),
                "custodian_id": cls.custodian.id,
                "manager_id": cls.manager.id,
                "state": state,
                **vals,
            }
        )

    def _borrow(self, user=None, qualification=None, days=7, **vals):
        """A draft borrow request created by ``user`` for themselves."""
        user = user or self.user
        return (
            self.env["sales.qualification.borrow"]
            .with_user(user)
            .create(
                {
                    "qualification_id": (qualification or self.certificate).id,
                    "borrower_id": user.id,
                    "purpose": "Tender",
                    "borrow_type": "original",
                    "date_from": self.TODAY,
                    "expected_return_date": self.TODAY + timedelta(days=days),
                    **vals,
                }
            )
        )

    def _approved_borrow(self, user=None, **vals):
        borrow = self._borrow(user=user, **vals)
        borrow.action_request()
        borrow.with_user(self.manager).action_approve()
        return borrow

    def _expiry_activities(self, qualification):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sales.qualification"),
                ("res_id", "=", qualification.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("sales_qualification.mail_activity_type_qualification_expiry").id,
                ),
            ]
        )
