/**
 * Date filters in Chinese order: the facet of a period reads "2026年第4季度" or "2026年11月"
 * where the web client writes "Q4 2026" or "十一月 2026", and the quarters of the filter's menu
 * read "第4季度".
 */
import { user } from "@web/core/user";
import { patch } from "@web/core/utils/patch";
import { SearchModel } from "@web/search/search_model";
import { QUARTER_OPTIONS, getSelectedOptions, sortPeriodOptions } from "@web/search/utils/dates";

const isChinese = () => (user.lang || "").startsWith("zh");

if (isChinese()) {
    for (const option of Object.values(QUARTER_OPTIONS)) {
        option.description = `第${option.setParam.quarter}季度`;
    }
}

/** The periods chosen in a date filter, said the Chinese way (null: a custom option). */
export function chinesePeriodDescription(referenceMoment, dateFilter, generatorIds) {
    const selected = getSelectedOptions(referenceMoment, dateFilter, generatorIds);
    if ("withDomain" in selected) {
        return null;
    }
    const years = [...selected.year];
    const others = [...(selected.quarter || []), ...(selected.month || [])];
    sortPeriodOptions(years);
    sortPeriodOptions(others);
    const periods = [];
    for (const year of years) {
        const prefix = `${year.setParam.year}年`;
        if (!others.length) {
            periods.push(prefix);
        }
        for (const option of others) {
            periods.push(
                option.granularity === "quarter"
                    ? `${prefix}第${option.setParam.quarter}季度`
                    : `${prefix}${option.setParam.month}月`
            );
        }
    }
    return periods.join("/");
}

patch(SearchModel.prototype, {
    _getDateFilterDomain(dateFilter, generatorIds, key = "domain") {
        if (key === "description" && isChinese()) {
            const description = chinesePeriodDescription(
                this.referenceMoment,
                dateFilter,
                generatorIds
            );
            if (description) {
                return description;
            }
        }
        return super._getDateFilterDomain(...arguments);
    },
});
