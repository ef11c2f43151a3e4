from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# Line fields that make up the commercial content of a contract: changing one of
# them after a review means the reviewers approved something else.
CONTRACT_LINE_FIELDS = (
    "product_id",
    "product_uom_id",
    "product_uom_qty",
    "price_unit",
    "discount",
    "tax_ids",
)
# On a confirmed order the amount may not move at all without a new contract.
CONFIRMED_LOCKED_LINE_FIELDS = (
    "product_id",
    "product_uom_id",
    "product_uom_qty",
    "price_unit",
    "discount",
    "tax_ids",
    "order_id",
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        priced_lines = lines.filtered(lambda line: line._is_priced_line())
        priced_lines._check_confirmed_lines_added()
        priced_lines.order_id._on_contract_changed()
        return lines

    def write(self, vals):
        # No context key lets a change through: Odoo's own computes (which pass
        # ``sale_write_from_compute``) assign in cache and never come here, and a
        # value written unchanged is no change.
        changed = self._get_contract_changed_lines(vals)
        changed._check_confirmed_lines_changed(vals)
        orders = changed.order_id
        res = super().write(vals)
        if "order_id" in vals:
            # lines moved onto a confirmed order are new lines of that order
            changed._check_confirmed_lines_added()
        (orders | changed.order_id)._on_contract_changed()
        return res

    def unlink(self):
        orders = self.filtered(lambda line: line._is_priced_line()).order_id
        res = super().unlink()
        orders.exists()._on_contract_changed()
        return res

    # === BUSINESS METHODS === #
    def _is_priced_line(self):
        """Whether the line counts in the amount: every line but sections and notes, down
        payments and negative lines included (changing one after review changes what was
        approved)."""
        self.ensure_one()
        return not self.display_type

    def _is_contract_line(self):
        """Whether the line is part of what the customer buys (not a note or a down payment)."""
        self.ensure_one()
        return bool(
            not self.display_type
            and not self.is_downpayment
            and not self.combo_item_id
            and not self.is_expense
        )

    def _may_change_confirmed_contract(self):
        """Superuser code and settings administrators may correct a confirmed order."""
        return self.env.su or self.env.user.has_group("base.group_system")

    def _check_confirmed_lines_changed(self, vals):
        """Refuse changing the amount of confirmed orders (prices, quantities, taxes):
        it is what their reviewers approved."""
        confirmed = self.filtered(lambda line: line.order_id.state == "sale")
        if not confirmed or self._may_change_confirmed_contract():
            return
        # A line of zero quantity (a down payment the invoicing wizard made) adds nothing.
        confirmed = confirmed.filtered(
            lambda line: line.product_uom_qty or vals.get("product_uom_qty")
        )
        if set(CONFIRMED_LOCKED_LINE_FIELDS) & vals.keys() and confirmed:
            raise UserError(
                self.env._(
                    "The prices and quantities of confirmed order %s are those its reviewers "
                    "approved. Cancel the order and make a new quotation to change them.",
                    confirmed.order_id[:1].name,
                )
            )

    def _check_confirmed_lines_added(self):
        """Refuse new lines on a confirmed order that depart from the standard prices,
        and any new line on a confirmed special contract: nobody reviewed them."""
        if self._may_change_confirmed_contract():
            return
        for line in self.filtered(lambda line: line.order_id.state == "sale"):
            findings = line._get_contract_findings()
            # a down payment, a line without product or a negative one: nobody priced it
            changes_amount = line.price_subtotal and (
                not line._is_contract_line() or not line.product_id or line.price_subtotal < 0
            )
            if (
                line.order_id.is_special_contract
                or findings["discount"]
                or findings["price"]
                or changes_amount
            ):
                raise UserError(
                    self.env._(
                        "Order %(order)s is confirmed: a new line that is not at the standard "
                        "price, or any new line on a special contract, needs a new quotation "
                        "and its review.%(reasons)s",
                        order=line.order_id.name,
                        reasons="".join(f"\n{reason}" for reason in findings["reasons"]),
                    )
                )

    def _get_contract_changed_lines(self, vals):
        """Lines whose contract fields (or order) ``vals`` really changes."""
        fnames = [fname for fname in (*CONTRACT_LINE_FIELDS, "order_id") if fname in vals]
        if not fnames:
            return self.browse()
        new = self.new(vals)
        changed = self.browse()
        for line in self.filtered(lambda line: line._is_priced_line()):
            for fname in fnames:
                field = self._fields[fname]
                old_value, new_value = line[fname], new[fname]
                if field.type == "float":
                    if float_compare(old_value, new_value, precision_digits=6):
                        changed |= line
                        break
                elif old_value.ids != new_value.ids if field.relational else old_value != new_value:
                    changed |= line
                    break
        return changed

    def _get_contract_discount_limit(self):
        """Highest discount in % a representative may give on this line without review."""
        self.ensure_one()
        category = self.product_id.categ_id
        while category:
            if category.has_contract_discount_limit:
                return category.contract_max_discount
            category = category.parent_id
        return self.order_id.company_id.contract_max_discount

    def _get_contract_reference_prices(self):
        """(list price, pricelist price) of the line, on the same tax basis as ``price_unit``.

        The list price is what Odoo would put in ``price_unit``; the pricelist price
        also includes the discount the pricelist itself grants.
        """
        self.ensure_one()
        line = self.with_company(self.company_id)
        product = line.product_id
        taxes = product.taxes_id._filter_taxes_by_company(line.company_id)
        fiscal_position = line.order_id.fiscal_position_id

        def with_taxes(price):
            return product._get_tax_included_unit_price_from_price(
                price, product_taxes=taxes, fiscal_position=fiscal_position
            )

        list_price = with_taxes(line._get_display_price())
        pricelist_price = with_taxes(line._get_pricelist_price())
        return list_price, min(list_price, pricelist_price)

    def _get_contract_findings(self):
        """Departures of this line from the standard prices.

        :return: dict with ``discount`` (bool, discount above the limit),
            ``price`` (bool, unit price below the pricelist), ``granted`` (the
            reduction in % the representative gives on top of the pricelist) and
            ``reasons`` (readable sentences)
        """
        self.ensure_one()
        findings = {"discount": False, "price": False, "granted": 0.0, "reasons": []}
        if not (self._is_contract_line() and self.product_id and self.product_uom_id):
            return findings
        currency = self.currency_id or self.order_id.company_id.currency_id
        list_price, pricelist_price = self._get_contract_reference_prices()
        pricelist_discount = (1 - pricelist_price / list_price) * 100 if list_price else 0.0
        limit = self._get_contract_discount_limit()
        product = self.product_id.display_name
        if float_compare(self.discount, max(limit, pricelist_discount), precision_digits=2) > 0:
            findings["discount"] = True
            findings["reasons"].append(
                self.env._(
                    "%(product)s: discount of %(discount)s%% above the allowed %(limit)s%%",
                    product=product,
                    discount=round(self.discount, 2),
                    limit=round(max(limit, pricelist_discount), 2),
                )
            )
        if currency.compare_amounts(self.price_unit, list_price) < 0:
            findings["price"] = True
            findings["reasons"].append(
                self.env._(
                    "%(product)s: unit price %(price)s below the pricelist price %(list_price)s",
                    product=product,
                    price=currency.round(self.price_unit),
                    list_price=currency.round(list_price),
                )
            )
        if pricelist_price > 0:
            net_price = self.price_unit * (1 - self.discount / 100)
            findings["granted"] = max(0.0, round((1 - net_price / pricelist_price) * 100, 2))
        return findings
