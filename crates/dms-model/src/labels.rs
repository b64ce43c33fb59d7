//! The visible name of every lead field in English and Arabic, by its DMS key. The public form
//! labels its controls with these, and the dealer's CSV import recognises column headers by them,
//! so a header copied from the form's labels maps to the right field.

use crate::field;

/// The visible label of a control, by its DMS key.
pub fn label(key: &str) -> (&'static str, &'static str) {
    match key {
        field::LEAD_TYPE => ("I am enquiring as", "نوع العميل"),
        field::TITLE => ("Title", "اللقب"),
        field::FIRST_NAME => ("First name", "الاسم الأول"),
        crate::public_form::FULL_NAME => ("Full name", "الاسم الكامل"),
        field::MIDDLE_NAME => ("Middle name", "اسم الأب"),
        field::LAST_NAME => ("Last name", "اسم العائلة"),
        field::GENDER => ("Gender", "الجنس"),
        field::NATIONALITY => ("Nationality", "الجنسية"),
        field::DATE_OF_BIRTH => ("Date of birth", "تاريخ الميلاد"),
        field::OCCUPATION => ("Occupation", "المهنة"),
        field::MONTHLY_INCOME => ("Monthly income", "الدخل الشهري"),
        field::LEAD_NAME => ("Company name", "اسم الشركة"),
        field::COMPANY_INDUSTRY_TYPE => ("Industry", "قطاع الشركة"),
        field::CONTACT_NAME => ("Contact person", "اسم الشخص المسؤول"),
        field::PHONE_CODE => ("Country code", "رمز الدولة"),
        field::PHONE_NUMBER => ("Mobile number", "رقم الجوال"),
        field::EMAIL => ("Email", "البريد الإلكتروني"),
        field::PREFERRED_LANGUAGE => ("Preferred language", "اللغة المفضلة"),
        field::PREFERRED_CONTACT_TYPE => ("Preferred way to contact you", "طريقة التواصل المفضلة"),
        field::CUSTOMER_COUNTRY => ("Country", "الدولة"),
        field::CUSTOMER_REGION => ("Region", "المنطقة"),
        field::CUSTOMER_CITY => ("City", "المدينة"),
        field::ADDRESS1 => ("Address", "العنوان"),
        field::ADDRESS2 => ("Address (line 2)", "العنوان (سطر 2)"),
        field::BRAND => ("Brand", "العلامة التجارية"),
        field::BUSINESS_AREA => ("Department", "القسم"),
        field::BRANCH => ("Branch", "الفرع"),
        field::INTEREST => ("How can we help?", "كيف يمكننا مساعدتك؟"),
        field::VEHICLE_TYPE => ("New or used", "جديدة أو مستعملة"),
        field::MODEL_FAMILY => ("Model", "الطراز"),
        field::MODEL_YEAR => ("Model year", "سنة الصنع"),
        field::TOTAL_QTY => ("Quantity", "الكمية"),
        field::MODEL_PREFERENCES => ("Preferences (colour, trim…)", "التفضيلات (اللون، الفئة…)"),
        field::PURCHASE_PLAN => ("When do you plan to buy?", "متى تخطط للشراء؟"),
        field::PAYMENT_MODE => ("Payment", "طريقة الدفع"),
        field::CURRENCY => ("Currency", "العملة"),
        field::TEST_DRIVE_REQUIRED => ("I would like a test drive", "أرغب في تجربة قيادة"),
        field::SOURCE => ("How did you hear about us?", "كيف عرفت عنا؟"),
        field::SUB_SOURCE => ("Where exactly?", "أين تحديداً؟"),
        field::PRIORITY => ("Priority", "الأولوية"),
        field::LEAD_REFERENCE => ("Reference", "المرجع"),
        field::LEAD_NOTE => ("Anything else we should know?", "هل هناك ما تود إضافته؟"),
        // Changing this text means a new CONSENT_TEXT_VERSION.
        field::ACCEPT_PRIVATE_POLICY => (
            "I have read and accept the privacy policy",
            "قرأت سياسة الخصوصية وأوافق عليها",
        ),
        field::ACCEPT_MARKETING => (
            "You may contact me with offers",
            "أوافق على التواصل معي بالعروض",
        ),
        field::ACCEPT_NEWS_LETTER => ("Send me the newsletter", "أرسلوا لي النشرة الإخبارية"),
        _ => ("", ""),
    }
}

/// The labels a dealer's tool uses where the public form speaks to the customer ("Lead type", not
/// "I am enquiring as"). The dealer-assisted form and the CSV mapping show these, and the import
/// recognises them as headers too. A field not listed keeps its [`label`].
pub const DEALER_LABELS: &[(&str, (&str, &str))] = &[
    (field::LEAD_TYPE, ("Lead type", "نوع العميل المحتمل")),
    (field::INTEREST, ("Interest", "الاهتمام")),
    (field::SOURCE, ("Source", "المصدر")),
    (field::SUB_SOURCE, ("Sub-source", "المصدر الفرعي")),
    (
        field::PREFERRED_CONTACT_TYPE,
        ("Preferred contact", "وسيلة التواصل المفضلة"),
    ),
    (field::PURCHASE_PLAN, ("Purchase plan", "خطة الشراء")),
    (
        field::TEST_DRIVE_REQUIRED,
        ("Test drive wanted", "يرغب في تجربة قيادة"),
    ),
    (field::LEAD_NOTE, ("Note", "ملاحظة")),
    (
        field::ACCEPT_PRIVATE_POLICY,
        (
            "The customer accepts the privacy policy",
            "يوافق العميل على سياسة الخصوصية",
        ),
    ),
    (
        field::ACCEPT_MARKETING,
        (
            "The customer may be contacted with offers",
            "يوافق العميل على تلقي العروض",
        ),
    ),
    (
        field::ACCEPT_NEWS_LETTER,
        (
            "The customer wants the newsletter",
            "يرغب العميل في النشرة الإخبارية",
        ),
    ),
];

/// A field's label in a dealer's tool: [`DEALER_LABELS`], else the form's [`label`].
pub fn dealer_label(key: &str) -> (&'static str, &'static str) {
    DEALER_LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| label(key), |(_, text)| *text)
}

/// The version of the privacy consent's wording (the `acceptPrivatePolicy` label in both
/// languages): recorded with every public lead, so a dealer can show which text the person
/// agreed to. Change it whenever that label changes.
pub const CONSENT_TEXT_VERSION: &str = "2026-12-01";

/// The country of an international calling code as the DMS's PHONE_CODE list spells it
/// (`00966`; `+966` and `966` are read too), in English and Arabic: the list gives only the codes,
/// and a visitor looks for a country, not a number. `None` for a code not listed here (the code is
/// then shown alone). Calling codes are the ITU's and do not change with the DMS.
pub fn calling_code_country(code: &str) -> Option<(&'static str, &'static str)> {
    let digits = code.trim().trim_start_matches('+').trim_start_matches("00");
    Some(match digits {
        "966" => ("Saudi Arabia", "السعودية"),
        "971" => ("United Arab Emirates", "الإمارات"),
        "973" => ("Bahrain", "البحرين"),
        "965" => ("Kuwait", "الكويت"),
        "974" => ("Qatar", "قطر"),
        "968" => ("Oman", "عُمان"),
        "20" => ("Egypt", "مصر"),
        "962" => ("Jordan", "الأردن"),
        "961" => ("Lebanon", "لبنان"),
        "963" => ("Syria", "سوريا"),
        "964" => ("Iraq", "العراق"),
        "967" => ("Yemen", "اليمن"),
        "249" => ("Sudan", "السودان"),
        "91" => ("India", "الهند"),
        "92" => ("Pakistan", "باكستان"),
        "880" => ("Bangladesh", "بنغلاديش"),
        "63" => ("Philippines", "الفلبين"),
        "44" => ("United Kingdom", "المملكة المتحدة"),
        "1" => ("United States / Canada", "الولايات المتحدة / كندا"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::calling_code_country;

    #[test]
    fn calling_codes_name_their_country_in_every_spelling() {
        for code in ["00966", "+966", "966", " 00966 "] {
            assert_eq!(
                calling_code_country(code),
                Some(("Saudi Arabia", "السعودية")),
                "{code}"
            );
        }
        assert_eq!(
            calling_code_country("0020").map(|(en, _)| en),
            Some("Egypt")
        );
        assert_eq!(calling_code_country("00999"), None);
    }
}
