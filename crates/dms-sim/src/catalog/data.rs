//! The simulator's list data: plain tables, no code. Ids follow the customer document's
//! example where it shows one.

use dms_model::{ItemId, ListType};

/// A text in both languages.
pub(super) type Bi = (&'static str, &'static str);

/// Flat lists: `(list, [(id, english, arabic)])`.
/// A flat list: `(list, [(id, english, arabic)])`.
pub(super) type FlatList = (ListType, &'static [(ItemId, &'static str, &'static str)]);
/// A region with its cities.
pub(super) type Region = (ItemId, Bi, &'static [Bi]);

pub(super) const FLAT: &[FlatList] = &[
    (
        ListType::CustomerType,
        &[(1, "Individual", "فرد"), (2, "Company", "شركة")],
    ),
    (
        ListType::CustomerIndustryType,
        &[
            (1, "Bank", "بنوك"),
            (2, "Government", "جهة حكومية"),
            (3, "Oil & Gas", "النفط والغاز"),
            (4, "Construction", "إنشاءات"),
            (5, "Retail", "تجزئة"),
            (6, "Healthcare", "رعاية صحية"),
            (7, "Education", "تعليم"),
            (8, "Transport & Logistics", "نقل وخدمات لوجستية"),
            (9, "Hospitality", "ضيافة"),
            (10, "Car Rental", "تأجير سيارات"),
            (11, "Other", "أخرى"),
        ],
    ),
    (
        ListType::Title,
        &[
            (1, "Mr", "السيد"),
            (2, "Mrs", "السيدة"),
            (3, "Ms", "الآنسة"),
            (4, "Dr", "الدكتور"),
            (5, "Eng", "المهندس"),
        ],
    ),
    (
        ListType::Nationality,
        &[
            (1, "Saudi", "سعودي"),
            (2, "Emirati", "إماراتي"),
            (3, "Bahraini", "بحريني"),
            (4, "Kuwaiti", "كويتي"),
            (5, "Qatari", "قطري"),
            (6, "Omani", "عماني"),
            (7, "Egyptian", "مصري"),
            (8, "Jordanian", "أردني"),
            (9, "Yemeni", "يمني"),
            (10, "Sudanese", "سوداني"),
            (11, "Syrian", "سوري"),
            (12, "Lebanese", "لبناني"),
            (13, "Pakistani", "باكستاني"),
            (14, "Indian", "هندي"),
            (15, "Filipino", "فلبيني"),
            (16, "Bangladeshi", "بنغلاديشي"),
            (17, "Other", "أخرى"),
        ],
    ),
    (
        ListType::Gender,
        &[(1, "Male", "ذكر"), (2, "Female", "أنثى")],
    ),
    (
        ListType::PhoneCode,
        &[
            (1, "00966", "00966"),
            (2, "00971", "00971"),
            (3, "00973", "00973"),
            (4, "00965", "00965"),
            (5, "00974", "00974"),
            (6, "00968", "00968"),
            (7, "0020", "0020"),
            (8, "00962", "00962"),
        ],
    ),
    (
        ListType::LeadMonthlyIncome,
        &[
            (1, "0-5000 SAR", "0-5000 ريال"),
            (2, "5000-10000 SAR", "5000-10000 ريال"),
            (3, "10000-20000 SAR", "10000-20000 ريال"),
            (4, "20000-40000 SAR", "20000-40000 ريال"),
            (5, "Above 40000 SAR", "أكثر من 40000 ريال"),
        ],
    ),
    (
        ListType::Language,
        &[(1, "Arabic", "العربية"), (2, "English", "الإنجليزية")],
    ),
    (
        ListType::ContactType,
        &[
            (1, "Phone", "مكالمة صوتية"),
            (2, "Email", "البريد الإلكتروني"),
            (3, "WhatsApp", "واتساب"),
            (4, "SMS", "رسالة نصية"),
        ],
    ),
    (
        ListType::LeadInterest,
        &[
            (1, "Vehicle Inquiry", "استفسار عن سيارة"),
            (2, "Price Quote", "عرض سعر"),
            (3, "Test Drive", "تجربة قيادة"),
            (4, "Service Booking", "حجز موعد صيانة"),
            (5, "Spare Parts", "قطع غيار"),
            (6, "Fleet Sales", "مبيعات الأساطيل"),
            (7, "Finance", "تمويل"),
            (8, "Trade-in", "استبدال سيارة"),
        ],
    ),
    (
        ListType::VehicleType,
        &[
            (1, "New", "جديدة"),
            (2, "Used", "مستعملة"),
            (3, "Certified Pre-Owned", "مستعملة معتمدة"),
        ],
    ),
    (
        ListType::PurchasePlan,
        &[
            (1, "Immediate", "فوراً"),
            (2, "Within 30 Days", "خلال 30 يوماً"),
            (3, "Within 3 Months", "خلال 3 أشهر"),
            (4, "Within 6 Months", "خلال 6 أشهر"),
            (5, "Just Browsing", "أتصفح فقط"),
        ],
    ),
    (
        ListType::PaymentMode,
        &[
            (1, "Cash", "نقداً"),
            (2, "Credit", "تقسيط"),
            (3, "Bank Finance", "تمويل بنكي"),
            (4, "Lease to Own", "تأجير منتهي بالتمليك"),
        ],
    ),
    (
        ListType::Currency,
        &[
            (1, "SAR", "ريال سعودي"),
            (2, "AED", "درهم إماراتي"),
            (3, "BHD", "دينار بحريني"),
            (4, "KWD", "دينار كويتي"),
            (5, "USD", "دولار أمريكي"),
        ],
    ),
    (
        ListType::LeadPriority,
        &[(1, "Hot", "ساخن"), (2, "Warm", "دافئ"), (3, "Cold", "بارد")],
    ),
    (ListType::YesOrNo, &[(1, "Yes", "نعم"), (0, "No", "لا")]),
];

/// Countries, their regions and main cities. Region ids of Saudi Arabia are 1–13; others 101+.
pub(super) const PLACES: &[(ItemId, Bi, &[Region])] = &[
    (
        1,
        ("Saudi Arabia", "المملكة العربية السعودية"),
        &[
            (
                1,
                ("Riyadh", "الرياض"),
                &[
                    ("Riyadh", "الرياض"),
                    ("Al Kharj", "الخرج"),
                    ("Ad Diriyah", "الدرعية"),
                    ("Al Majma'ah", "المجمعة"),
                    ("Az Zulfi", "الزلفي"),
                    ("Shaqra", "شقراء"),
                    ("Wadi Ad-Dawasir", "وادي الدواسر"),
                    ("Afif", "عفيف"),
                ],
            ),
            (
                2,
                ("Makkah", "مكة المكرمة"),
                &[
                    ("Makkah", "مكة المكرمة"),
                    ("Jeddah", "جدة"),
                    ("Taif", "الطائف"),
                    ("Rabigh", "رابغ"),
                    ("Al Qunfudhah", "القنفذة"),
                    ("Al Lith", "الليث"),
                ],
            ),
            (
                3,
                ("Madinah", "المدينة المنورة"),
                &[
                    ("Madinah", "المدينة المنورة"),
                    ("Yanbu", "ينبع"),
                    ("AlUla", "العلا"),
                    ("Badr", "بدر"),
                    ("Al Henakiyah", "الحناكية"),
                ],
            ),
            (
                4,
                ("Eastern Province", "المنطقة الشرقية"),
                &[
                    ("Dammam", "الدمام"),
                    ("Khobar", "الخبر"),
                    ("Dhahran", "الظهران"),
                    ("Al Ahsa", "الأحساء"),
                    ("Jubail", "الجبيل"),
                    ("Qatif", "القطيف"),
                    ("Hafar Al Batin", "حفر الباطن"),
                    ("Ras Tanura", "رأس تنورة"),
                    ("Al Khafji", "الخفجي"),
                ],
            ),
            (
                5,
                ("Qassim", "القصيم"),
                &[
                    ("Buraidah", "بريدة"),
                    ("Unaizah", "عنيزة"),
                    ("Ar Rass", "الرس"),
                    ("Al Bukayriyah", "البكيرية"),
                ],
            ),
            (
                6,
                ("Asir", "عسير"),
                &[
                    ("Abha", "أبها"),
                    ("Khamis Mushait", "خميس مشيط"),
                    ("Bisha", "بيشة"),
                    ("An Namas", "النماص"),
                    ("Muhayil", "محايل عسير"),
                ],
            ),
            (
                7,
                ("Tabuk", "تبوك"),
                &[
                    ("Tabuk", "تبوك"),
                    ("Duba", "ضباء"),
                    ("Al Wajh", "الوجه"),
                    ("Umluj", "أملج"),
                    ("Tayma", "تيماء"),
                ],
            ),
            (
                8,
                ("Hail", "حائل"),
                &[
                    ("Hail", "حائل"),
                    ("Baqaa", "بقعاء"),
                    ("Al Ghazalah", "الغزالة"),
                ],
            ),
            (
                9,
                ("Northern Borders", "الحدود الشمالية"),
                &[("Arar", "عرعر"), ("Rafha", "رفحاء"), ("Turaif", "طريف")],
            ),
            (
                10,
                ("Jazan", "جازان"),
                &[
                    ("Jazan", "جازان"),
                    ("Sabya", "صبيا"),
                    ("Abu Arish", "أبو عريش"),
                    ("Samtah", "صامطة"),
                ],
            ),
            (
                11,
                ("Najran", "نجران"),
                &[
                    ("Najran", "نجران"),
                    ("Sharurah", "شرورة"),
                    ("Hubuna", "حبونا"),
                ],
            ),
            (
                12,
                ("Al Bahah", "الباحة"),
                &[
                    ("Al Bahah", "الباحة"),
                    ("Baljurashi", "بلجرشي"),
                    ("Al Mandaq", "المندق"),
                ],
            ),
            (
                13,
                ("Al Jouf", "الجوف"),
                &[
                    ("Sakaka", "سكاكا"),
                    ("Dumat Al Jandal", "دومة الجندل"),
                    ("Al Qurayyat", "القريات"),
                ],
            ),
        ],
    ),
    (
        2,
        ("United Arab Emirates", "الإمارات العربية المتحدة"),
        &[
            (
                101,
                ("Abu Dhabi", "أبوظبي"),
                &[("Abu Dhabi", "أبوظبي"), ("Al Ain", "العين")],
            ),
            (102, ("Dubai", "دبي"), &[("Dubai", "دبي"), ("Hatta", "حتا")]),
            (
                103,
                ("Sharjah", "الشارقة"),
                &[("Sharjah", "الشارقة"), ("Khor Fakkan", "خورفكان")],
            ),
            (104, ("Ajman", "عجمان"), &[("Ajman", "عجمان")]),
            (
                105,
                ("Ras Al Khaimah", "رأس الخيمة"),
                &[("Ras Al Khaimah", "رأس الخيمة")],
            ),
            (106, ("Fujairah", "الفجيرة"), &[("Fujairah", "الفجيرة")]),
            (
                107,
                ("Umm Al Quwain", "أم القيوين"),
                &[("Umm Al Quwain", "أم القيوين")],
            ),
        ],
    ),
    (
        3,
        ("Bahrain", "البحرين"),
        &[
            (111, ("Capital", "العاصمة"), &[("Manama", "المنامة")]),
            (112, ("Muharraq", "المحرق"), &[("Muharraq", "المحرق")]),
            (
                113,
                ("Northern", "الشمالية"),
                &[("Hamad Town", "مدينة حمد")],
            ),
            (114, ("Southern", "الجنوبية"), &[("Riffa", "الرفاع")]),
        ],
    ),
    (
        4,
        ("Kuwait", "الكويت"),
        &[
            (
                121,
                ("Al Asimah", "العاصمة"),
                &[("Kuwait City", "مدينة الكويت")],
            ),
            (
                122,
                ("Hawalli", "حولي"),
                &[("Hawalli", "حولي"), ("Salmiya", "السالمية")],
            ),
            (
                123,
                ("Al Ahmadi", "الأحمدي"),
                &[("Al Ahmadi", "الأحمدي"), ("Fahaheel", "الفحيحيل")],
            ),
            (124, ("Al Jahra", "الجهراء"), &[("Al Jahra", "الجهراء")]),
        ],
    ),
    (
        5,
        ("Qatar", "قطر"),
        &[
            (131, ("Doha", "الدوحة"), &[("Doha", "الدوحة")]),
            (132, ("Al Rayyan", "الريان"), &[("Al Rayyan", "الريان")]),
            (133, ("Al Wakrah", "الوكرة"), &[("Al Wakrah", "الوكرة")]),
        ],
    ),
    (
        6,
        ("Oman", "عُمان"),
        &[
            (
                141,
                ("Muscat", "مسقط"),
                &[("Muscat", "مسقط"), ("Seeb", "السيب")],
            ),
            (142, ("Dhofar", "ظفار"), &[("Salalah", "صلالة")]),
            (
                143,
                ("North Al Batinah", "شمال الباطنة"),
                &[("Sohar", "صحار")],
            ),
        ],
    ),
    (
        7,
        ("Egypt", "مصر"),
        &[
            (151, ("Cairo", "القاهرة"), &[("Cairo", "القاهرة")]),
            (
                152,
                ("Giza", "الجيزة"),
                &[("Giza", "الجيزة"), ("6th of October", "السادس من أكتوبر")],
            ),
            (
                153,
                ("Alexandria", "الإسكندرية"),
                &[("Alexandria", "الإسكندرية")],
            ),
        ],
    ),
    (
        8,
        ("Jordan", "الأردن"),
        &[
            (161, ("Amman", "عمّان"), &[("Amman", "عمّان")]),
            (162, ("Irbid", "إربد"), &[("Irbid", "إربد")]),
            (163, ("Zarqa", "الزرقاء"), &[("Zarqa", "الزرقاء")]),
        ],
    ),
];

/// A business area a brand has, and the cities it has a branch in for it.
pub(super) struct Area {
    pub(super) name: Bi,
    /// How a branch of this area is called: `(english suffix, arabic prefix)`.
    pub(super) branch_kind: Bi,
    pub(super) cities: &'static [Bi],
}

pub(super) const SALES: Bi = ("Sales", "المبيعات");
pub(super) const AFTER_SALES: Bi = ("After Sales", "خدمات ما بعد البيع");
pub(super) const SPARE_PARTS: Bi = ("Spare Parts", "قطع الغيار");
pub(super) const FLEET: Bi = ("Fleet Sales", "مبيعات الأساطيل");

pub(super) const SHOWROOM: Bi = ("Showroom", "صالة عرض");
pub(super) const SERVICE: Bi = ("Service Center", "مركز خدمة");
pub(super) const PARTS: Bi = ("Parts Center", "مركز قطع غيار");
pub(super) const FLEET_OFFICE: Bi = ("Fleet Office", "مكتب مبيعات الأساطيل");

pub(super) const RIYADH: Bi = ("Riyadh", "الرياض");
pub(super) const JEDDAH: Bi = ("Jeddah", "جدة");
pub(super) const DAMMAM: Bi = ("Dammam", "الدمام");
pub(super) const KHOBAR: Bi = ("Khobar", "الخبر");
pub(super) const MADINAH: Bi = ("Madinah", "المدينة المنورة");
pub(super) const MAKKAH: Bi = ("Makkah", "مكة المكرمة");
pub(super) const ABHA: Bi = ("Abha", "أبها");
pub(super) const BURAIDAH: Bi = ("Buraidah", "بريدة");
pub(super) const AL_AHSA: Bi = ("Al Ahsa", "الأحساء");
pub(super) const TABUK: Bi = ("Tabuk", "تبوك");
pub(super) const JAZAN: Bi = ("Jazan", "جازان");
pub(super) const HAIL: Bi = ("Hail", "حائل");

/// Brands (OU_TYPE), their business areas with branches, and model families.
pub(super) const BRANDS: &[(ItemId, Bi, &[Area], &[Bi])] = &[
    (
        1,
        ("KIA", "كيا"),
        &[
            Area {
                name: SALES,
                branch_kind: SHOWROOM,
                cities: &[
                    RIYADH, JEDDAH, DAMMAM, KHOBAR, MADINAH, ABHA, BURAIDAH, AL_AHSA,
                ],
            },
            Area {
                name: AFTER_SALES,
                branch_kind: SERVICE,
                cities: &[RIYADH, JEDDAH, DAMMAM, MADINAH, ABHA],
            },
            Area {
                name: SPARE_PARTS,
                branch_kind: PARTS,
                cities: &[RIYADH, JEDDAH, DAMMAM],
            },
            Area {
                name: FLEET,
                branch_kind: FLEET_OFFICE,
                cities: &[RIYADH, JEDDAH],
            },
        ],
        &[
            ("Picanto", "بيكانتو"),
            ("Pegas", "بيجاس"),
            ("K3", "K3"),
            ("K4", "K4"),
            ("K5", "K5"),
            ("Sonet", "سونيت"),
            ("Seltos", "سيلتوس"),
            ("Sportage", "سبورتاج"),
            ("Sorento", "سورينتو"),
            ("Carnival", "كرنفال"),
            ("Telluride", "تيلورايد"),
            ("EV6", "EV6"),
        ],
    ),
    (
        2,
        ("JMC", "جي إم سي"),
        &[
            Area {
                name: SALES,
                branch_kind: SHOWROOM,
                cities: &[RIYADH, JEDDAH, DAMMAM, KHOBAR, TABUK, JAZAN],
            },
            Area {
                name: AFTER_SALES,
                branch_kind: SERVICE,
                cities: &[RIYADH, JEDDAH, KHOBAR],
            },
            Area {
                name: SPARE_PARTS,
                branch_kind: PARTS,
                cities: &[RIYADH, DAMMAM],
            },
        ],
        &[
            ("Grand Avenue", "جراند أفينيو"),
            ("Vigus", "فيجوس"),
            ("Vigus Pro", "فيجوس برو"),
            ("Boarding", "بوردنج"),
            ("Carrying", "كارينج"),
            ("Conquer", "كونكر"),
        ],
    ),
    (
        3,
        ("Peugeot", "بيجو"),
        &[
            Area {
                name: SALES,
                branch_kind: SHOWROOM,
                cities: &[RIYADH, JEDDAH, KHOBAR, MAKKAH],
            },
            Area {
                name: AFTER_SALES,
                branch_kind: SERVICE,
                cities: &[RIYADH, JEDDAH, KHOBAR],
            },
        ],
        &[
            ("208", "208"),
            ("2008", "2008"),
            ("3008", "3008"),
            ("5008", "5008"),
            ("508", "508"),
            ("Landtrek", "لاندتريك"),
            ("Partner", "بارتنر"),
            ("Expert", "إكسبرت"),
        ],
    ),
    (
        4,
        ("Changan", "شانجان"),
        &[
            Area {
                name: SALES,
                branch_kind: SHOWROOM,
                cities: &[RIYADH, JEDDAH, DAMMAM, HAIL],
            },
            Area {
                name: AFTER_SALES,
                branch_kind: SERVICE,
                cities: &[RIYADH, DAMMAM],
            },
        ],
        &[
            ("Alsvin", "السفن"),
            ("CS35 Plus", "CS35 بلس"),
            ("CS75 Plus", "CS75 بلس"),
            ("CS85", "CS85"),
            ("CS95", "CS95"),
            ("UNI-K", "يوني-كي"),
            ("UNI-T", "يوني-تي"),
            ("Hunter", "هنتر"),
        ],
    ),
];

/// Lead sources and their sub-sources.
pub(super) const SOURCES: &[(ItemId, Bi, &[Bi])] = &[
    (
        1,
        ("Website", "الموقع الإلكتروني"),
        &[
            ("Lead Form", "نموذج الاهتمام"),
            ("Landing Page", "صفحة حملة"),
            ("Live Chat", "المحادثة المباشرة"),
        ],
    ),
    (
        2,
        ("Showroom", "صالة العرض"),
        &[
            ("Walk-in", "زيارة مباشرة"),
            ("Kiosk", "جهاز الخدمة الذاتية"),
        ],
    ),
    (
        3,
        ("Social Media", "وسائل التواصل الاجتماعي"),
        &[
            ("Instagram", "إنستغرام"),
            ("X", "إكس"),
            ("Snapchat", "سناب شات"),
            ("TikTok", "تيك توك"),
            ("Facebook", "فيسبوك"),
        ],
    ),
    (
        4,
        ("Direct Contact", "تواصل مباشر"),
        &[
            ("Email", "البريد الإلكتروني"),
            ("Phone Call", "مكالمة هاتفية"),
            ("WhatsApp", "واتساب"),
        ],
    ),
    (
        5,
        ("Campaign", "حملة تسويقية"),
        &[
            ("Google Ads", "إعلانات جوجل"),
            ("Meta Ads", "إعلانات ميتا"),
            ("SMS Campaign", "حملة رسائل نصية"),
        ],
    ),
    (
        6,
        ("Call Center", "مركز الاتصال"),
        &[("Inbound", "مكالمة واردة"), ("Outbound", "مكالمة صادرة")],
    ),
    (
        7,
        ("Lead Bank", "بنك العملاء المحتملين"),
        &[("Provider", "مزود")],
    ),
];
