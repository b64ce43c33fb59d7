//! JSON keys of the lead, used as field paths and as the widget's control names.

pub const COMPANY: &str = "company";
pub const BUSINESS_AREA: &str = "businessArea";
pub const BRAND: &str = "brand";
pub const BRANCH: &str = "branch";
pub const TITLE: &str = "title";
pub const NATIONALITY: &str = "nationality";
pub const GENDER: &str = "gender";
pub const SOURCE: &str = "source";
pub const SUB_SOURCE: &str = "subSource";
pub const PHONE_CODE: &str = "phoneCode";
pub const PHONE_NUMBER: &str = "phoneNumber";
pub const PREFERRED_LANGUAGE: &str = "preferredLanguage";
pub const PREFERRED_CONTACT_TYPE: &str = "preferredContactType";
pub const PURCHASE_PLAN: &str = "purchasePlan";
pub const PAYMENT_MODE: &str = "paymentMode";
pub const MONTHLY_INCOME: &str = "monthlyIncome";
pub const CURRENCY: &str = "currency";
pub const TEST_DRIVE_REQUIRED: &str = "testDriveRequired";
pub const ACCEPT_NEWS_LETTER: &str = "acceptNewsLetter";
pub const ACCEPT_MARKETING: &str = "acceptMarketing";
pub const ACCEPT_PRIVATE_POLICY: &str = "acceptPrivatePolicy";
pub const PRIORITY: &str = "priority";
pub const LEAD_TYPE: &str = "leadType";
pub const INTEREST: &str = "interest";
pub const VEHICLE_TYPE: &str = "vehicleType";
pub const FIRST_NAME: &str = "firstName";
pub const MIDDLE_NAME: &str = "middleName";
pub const LAST_NAME: &str = "lastName";
pub const DATE_OF_BIRTH: &str = "dateOfBirth";
pub const OCCUPATION: &str = "occupation";
pub const ADDRESS1: &str = "address1";
pub const ADDRESS2: &str = "address2";
pub const EMAIL: &str = "email";
pub const LEAD_NAME: &str = "leadName";
pub const LEAD_DATE: &str = "leadDate";
pub const LEAD_REFERENCE: &str = "leadReference";
pub const LEAD_NOTE: &str = "leadNote";
pub const CONTACT_NAME: &str = "contactName";
pub const LEAD_TYPE_NAME: &str = "leadTypeName";
pub const COMPANY_INDUSTRY_TYPE: &str = "companyIndustryType";
pub const CUSTOMER_COUNTRY: &str = "customerCountry";
pub const CUSTOMER_REGION: &str = "customerRegion";
pub const CUSTOMER_CITY: &str = "customerCity";
pub const MODEL_FAMILY: &str = "modelFamily";
pub const MODEL_YEAR: &str = "modelYear";
pub const MODEL_MEMO: &str = "modelMemo";
pub const MODEL_PREFERENCES: &str = "modelPreferences";
pub const TOTAL_QTY: &str = "totalQty";

/// `vehicles[i].key`.
pub fn vehicle(index: usize, key: &str) -> String {
    format!("vehicles[{index}].{key}")
}
