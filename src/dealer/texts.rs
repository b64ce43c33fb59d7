//! Texts of the dealer pages, in English and Arabic (field labels and issue messages are shared
//! with the public form: `crate::i18n`).

type T = (&'static str, &'static str);

pub const NAV_LABEL: T = ("Dealer tools", "أدوات الوكيل");
pub const NAV_STATUS: T = ("Bulk status", "حالة الدفعة");
pub const NAV_CUSTOMER: T = ("Customer lookup", "البحث عن عميل");
pub const NAV_NEW_LEAD: T = ("New lead", "عميل محتمل جديد");
pub const NAV_IMPORT: T = ("CSV import", "استيراد CSV");
pub const NAV_INBOX: T = ("Lead-bank inbox", "وارد بنك العملاء");

pub const STATUS_TITLE: T = ("Bulk status", "حالة الدفعة");
pub const BY_BULK: T = ("By bulk number", "برقم الدفعة");
pub const BY_LEAD: T = ("By lead and dates", "برقم العميل المحتمل والتاريخ");
pub const BULK_ID: T = ("Bulk number", "رقم الدفعة");
pub const LEAD_ID: T = ("Lead number (DMS)", "رقم العميل المحتمل (DMS)");
pub const FROM_DATE: T = ("From", "من");
pub const TO_DATE: T = ("To (at most 7 days)", "إلى (7 أيام كحد أقصى)");
pub const SOURCE: T = ("Source (optional)", "المصدر (اختياري)");
pub const SUB_SOURCE: T = ("Sub-source (optional)", "المصدر الفرعي (اختياري)");
pub const SHOW: T = ("Show status", "عرض الحالة");
pub const LOADING: T = ("Loading…", "جارٍ التحميل…");
pub const NOT_READABLE: T = (
    "The DMS's answer could not be read as a bulk status. Try again later, or ask support with the bulk id.",
    "تعذرت قراءة رد النظام كحالة دفعة. حاول لاحقًا، أو راجع الدعم برقم الدفعة.",
);
pub const LEAD_BANK_DOWN: T = (
    "The lead-bank provider could not be reached. Its leads are not lost: get them again in a moment.",
    "تعذر الوصول إلى مزود بنك العملاء. عملاؤه لم يُفقدوا: اجلبهم مرة أخرى بعد قليل.",
);
pub const REFRESHING: T = (
    "Refreshes by itself until the bulk is completed or cancelled.",
    "تتحدث تلقائياً حتى تكتمل الدفعة أو تُلغى.",
);
pub const STATE_CREATED: T = ("Created", "تم الإنشاء");
pub const STATE_IN_PROGRESS: T = ("In progress", "قيد المعالجة");
pub const STATE_CANCELLED: T = ("Cancelled", "ملغاة");
pub const STATE_COMPLETED: T = ("Completed", "مكتملة");
pub const STATE_UNKNOWN: T = ("Unknown state", "حالة غير معروفة");
pub const CREATED: T = ("Created on", "تاريخ الإنشاء");
pub const CREATED_BY: T = ("Created by", "أنشأها");
pub const TOTAL: T = ("Leads", "العملاء المحتملون");
pub const ERRORS: T = ("With errors", "بها أخطاء");
pub const COL_EXTERNAL: T = ("External id", "المعرف الخارجي");
pub const COL_LEAD: T = ("DMS lead", "رقم DMS");
pub const COL_NAME: T = ("Name or company", "الاسم أو الشركة");
pub const COL_PHONE: T = ("Phone", "الهاتف");
pub const COL_BRAND: T = ("Brand", "العلامة التجارية");
pub const COL_VEHICLES: T = ("Vehicles", "السيارات");
pub const COL_INTEREST: T = ("Interest", "الاهتمام");
pub const COL_RESULT: T = ("Result", "النتيجة");
pub const OK: T = ("OK", "سليم");
pub const ERROR: T = ("Error", "خطأ");
pub const NOT_FOUND: T = ("No bulk matches this query.", "لا توجد دفعة مطابقة.");
pub const LOAD_FAILED: T = (
    "The DMS could not be reached. Try again in a moment.",
    "تعذر الوصول إلى النظام. حاول مرة أخرى بعد قليل.",
);

pub const CUSTOMER_TITLE: T = ("Customer lookup", "البحث عن عميل");
pub const CUSTOMER_HINT: T = ("Fill in at least one of these.", "املأ واحداً منها على الأقل.");
pub const CUSTOMER_ID: T = ("Customer number", "رقم العميل");
pub const IDENTIFICATION: T = ("ID or CR number", "رقم الهوية أو السجل التجاري");
pub const MOBILE: T = ("Mobile number", "رقم الجوال");
pub const REFERENCE: T = ("Reference number", "الرقم المرجعي");
pub const SEARCH: T = ("Search", "بحث");
pub const NO_CUSTOMER: T = ("No customer matches.", "لا يوجد عميل مطابق.");
pub const CONTACTS: T = ("Contacts", "جهات الاتصال");
pub const NEW_LEAD_FOR: T = ("New lead for this customer", "عميل محتمل جديد لهذا العميل");
pub const CUSTOMER_NO: T = ("Customer", "العميل");
pub const PRIMARY: T = ("primary", "أساسي");
pub const DUPLICATE: T = (
    "An existing customer has this mobile number:",
    "يوجد عميل مسجل بهذا الرقم:",
);
pub const DUPLICATE_NOTE: T = (
    "You can still send the lead.",
    "يمكنك إرسال العميل المحتمل مع ذلك.",
);
pub const PREFILL_FAILED: T = (
    "The customer could not be loaded; the form starts empty.",
    "تعذر تحميل بيانات العميل؛ يبدأ النموذج فارغاً.",
);

pub const IMPORT_TITLE: T = ("CSV bulk import", "استيراد دفعة من ملف CSV");
pub const IMPORT_INTRO: T = (
    "UTF-8 CSV, comma or semicolon separated, English or Arabic headers and texts.",
    "ملف CSV بترميز UTF-8، مفصول بفاصلة أو فاصلة منقوطة، بعناوين ونصوص عربية أو إنجليزية.",
);
pub const CHOOSE_FILE: T = ("CSV file", "ملف CSV");
pub const TEMPLATE: T = ("Download the template", "تنزيل القالب");
pub const MAPPING: T = ("Columns", "الأعمدة");
pub const IGNORE: T = ("(not imported)", "(لا يُستورد)");
/// Between the parts of a list in a sentence (the Arabic comma in Arabic).
pub const LIST_SEPARATOR: T = (", ", "، ");
pub const VALID: T = ("valid", "صالح");
pub const INVALID: T = ("with errors", "بها أخطاء");
pub const EXCLUDED: T = ("excluded", "مستبعد");
pub const SHOW_ONLY_ERRORS: T = (
    "Show only rows with errors",
    "عرض الصفوف التي بها أخطاء فقط",
);
pub const ROW: T = ("Row", "الصف");
pub const PROBLEMS: T = ("Problems", "المشكلات");
pub const INCLUDE: T = ("Include", "تضمين");
pub const PAGE: T = ("Page", "صفحة");
pub const PREVIOUS: T = ("Previous", "السابق");
pub const NEXT: T = ("Next", "التالي");
pub const CHUNK: T = ("Leads per bulk", "عدد العملاء في كل دفعة");
pub const SEND_VALID: T = ("Send the valid rows", "إرسال الصفوف الصالحة");
pub const SENDING: T = ("Sending…", "جارٍ الإرسال…");
pub const SENT_BULKS: T = ("Bulks sent", "الدفعات المرسلة");
pub const BULK_FAILED: T = ("Not sent", "لم تُرسل");
pub const RETRY: T = ("Try again", "إعادة المحاولة");
pub const SENT_BEFORE: T = (
    "Sent before from this file: not sent again.",
    "أُرسلت من هذا الملف من قبل: لم تُرسل مرة أخرى.",
);
pub const CLEAR_IMPORT: T = ("Clear the import", "مسح الاستيراد");
pub const FILE: T = ("File:", "الملف:");

/// `n` rows, with the plural forms each language uses (Arabic: one, two, three to ten, more).
pub fn rows(lang: dms_model::Lang, n: usize) -> String {
    use dms_model::Lang;
    match (lang, n) {
        (Lang::En, 1) => "1 row".to_owned(),
        (Lang::En, n) => format!("{n} rows"),
        (Lang::Ar, 1) => "صف واحد".to_owned(),
        (Lang::Ar, 2) => "صفان".to_owned(),
        (Lang::Ar, 3..=10) => format!("{n} صفوف"),
        (Lang::Ar, n) => format!("{n} صفاً"),
    }
}
pub const EDIT_CELL: T = ("Correct", "تصحيح");

pub const INBOX_TITLE: T = ("Lead-bank inbox", "وارد بنك العملاء المحتملين");
pub const INBOX_INTRO: T = (
    "Leads from the provider. Complete what is missing, then send the selected ones. The provider learns of a lead only once the DMS has taken it.",
    "عملاء محتملون من المزود. أكمل الناقص ثم أرسل المحدد منها. لا يُبلَّغ المزود إلا بعد أن يقبلها النظام.",
);
pub const FETCH_LEADS: T = ("Get new leads", "جلب العملاء الجدد");
pub const NO_LEADS: T = ("No leads are waiting.", "لا يوجد عملاء محتملون بالانتظار.");
pub const SELECT: T = ("Select", "تحديد");
pub const SEND_SELECTED: T = ("Send the selected leads", "إرسال العملاء المحددين");
pub const CAMPAIGN: T = ("Campaign", "الحملة");
pub const SENT_AS: T = ("Sent in bulk", "أُرسل ضمن الدفعة");
pub const SENT_BY_SYNC: T = (
    "Sent to the DMS automatically, in bulk",
    "أُرسل إلى النظام تلقائيًا ضمن الدفعة",
);
pub const CONFIRM_FAILED: T = (
    "The DMS took the leads, but the provider could not be told yet; it will be told on the next fetch.",
    "قبل النظام العملاء، لكن تعذر إبلاغ المزود؛ سيُبلَّغ عند الجلب التالي.",
);
pub const SEND_FAILED: T = (
    "The leads were not sent, and the provider was not told: they stay here. Try again.",
    "لم تُرسل البيانات ولم يُبلَّغ المزود: تبقى هنا. حاول مرة أخرى.",
);
pub const FIX_FIRST: T = (
    "Complete the selected leads first.",
    "أكمل بيانات العملاء المحددين أولاً.",
);
pub const LEAD_BANK_OFF: T = (
    "The lead bank is not configured for this portal.",
    "بنك العملاء غير مُعد لهذه البوابة.",
);

/// The public form's texts a dealer's tool words for the dealer: the form speaks to the
/// customer ("About you", "Send request"), the dealer records a lead for them.
const DEALER_FORM_TEXTS: &[(T, T)] = {
    use crate::i18n::ui;
    &[
        (ui::SECTION_YOU, ("Customer", "العميل")),
        (ui::SECTION_CONTACT, ("Contact", "التواصل")),
        (ui::SECTION_PLACE, ("Location", "الموقع")),
        (ui::SECTION_INTEREST, ("Interest", "الاهتمام")),
        (ui::SECTION_CONSENT, ("Consent", "الموافقات")),
        (ui::CHOOSE_SOURCE_FIRST, ("Choose a source first", "اختر المصدر أولاً")),
        (
            ui::CITY_TYPED,
            (
                "The list of cities could not be loaded: type the city, and it will be matched.",
                "تعذر تحميل قائمة المدن: اكتب اسم المدينة وستتم مطابقتها.",
            ),
        ),
        (ui::SUBMIT, ("Create lead", "إنشاء العميل المحتمل")),
        (ui::THANKS, ("Lead created", "تم إنشاء العميل المحتمل")),
        (ui::REFERENCE, ("Bulk", "الدفعة")),
        (
            ui::FOLLOW_UP,
            (
                "Open the bulk number to follow its status in the DMS.",
                "افتح رقم الدفعة لمتابعة حالتها في النظام.",
            ),
        ),
        (ui::QUEUED_TITLE, ("The lead is saved", "تم حفظ العميل المحتمل")),
        (
            ui::QUEUED,
            (
                "Saved in this browser: the DMS could not be reached just now. The lead is sent by itself as soon as the connection is back.",
                "تم الحفظ في هذا المتصفح: تعذر الوصول إلى النظام الآن. يُرسل العميل المحتمل تلقائياً فور عودة الاتصال.",
            ),
        ),
        (ui::ANOTHER, ("Create another lead", "إنشاء عميل محتمل آخر")),
        (
            ui::SEND_FAILED_NETWORK,
            (
                "The lead could not be sent: the connection failed. Nothing typed is lost — check the connection and press Create lead again.",
                "تعذر إرسال العميل المحتمل بسبب انقطاع الاتصال. لم يُفقد شيء مما كُتب — تحقق من الاتصال واضغط إنشاء العميل المحتمل مرة أخرى.",
            ),
        ),
        (
            ui::SEND_FAILED_SERVER,
            (
                "The DMS could not take the lead just now. Nothing typed is lost — press Create lead again in a minute.",
                "تعذر على النظام استلام العميل المحتمل الآن. لم يُفقد شيء مما كُتب — اضغط إنشاء العميل المحتمل بعد دقيقة.",
            ),
        ),
        (
            ui::SEND_REFUSED,
            (
                "The DMS did not accept the lead. Check the fields, or ask support if this happens again.",
                "لم يقبل النظام العميل المحتمل. تحقق من الحقول أو راجع الدعم إذا تكرر ذلك.",
            ),
        ),
    ]
};

const CONTACT_REQUIRED: T = (
    "Enter a mobile number or an email for the customer.",
    "أدخل رقم جوال أو بريداً إلكترونياً للعميل.",
);

/// The dealer entry's voice ([`crate::i18n::speak_with`]): the dealer's wording of the form's
/// texts and field labels ([`dms_model::labels::DEALER_LABELS`]); every other text as it is.
pub fn dealer_voice(text: T) -> T {
    let same = |a: &T| a.0 == text.0 && a.1 == text.1;
    if same(&crate::i18n::issue_message(
        dms_model::IssueCode::ContactRequired,
    )) {
        return CONTACT_REQUIRED;
    }
    DEALER_FORM_TEXTS
        .iter()
        .find(|(public, _)| same(public))
        .map(|(_, dealer)| *dealer)
        .or_else(|| {
            dms_model::labels::DEALER_LABELS
                .iter()
                .find(|(key, _)| same(&dms_model::labels::label(key)))
                .map(|(_, dealer)| *dealer)
        })
        .unwrap_or(text)
}
