"""The admin pages in real Chromium: a custom field and a department added through the forms,
both in the audit log."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import BASE, BrowserTest, api, wait

ADMIN = ("admin@demo.test", "demo-password-1")


class AdminTest(BrowserTest):
    def test_custom_field_and_department_reach_the_audit_log(self):
        tag = uuid.uuid4().hex[:6]
        # A required ticket field would stop the other suites creating tickets: it goes at the end.
        self.addCleanup(remove_field, f"order_{tag}")
        admin = self.browser()
        self.sign_in(admin, *ADMIN)
        admin.find_element(By.ID, "nav-admin").click()
        wait(admin, lambda d: d.current_url.endswith("/admin/departments"))

        # A custom field: a bad key first (the error shows and the form keeps what was typed).
        admin.find_element(By.ID, "admin-custom-fields").click()
        Select(admin.find_element(By.ID, "field-entity")).select_by_value("ticket")
        admin.find_element(By.ID, "field-label").send_keys(f"Order number {tag}")
        key = admin.find_element(By.ID, "field-key")
        admin.execute_script("arguments[0].removeAttribute('pattern')", key)
        key.send_keys("Order Number")
        admin.find_element(By.ID, "field-submit").click()
        wait(admin, lambda d: d.find_elements(By.ID, "form-error"))
        self.assertEqual(admin.find_element(By.ID, "field-label").get_attribute("value"), f"Order number {tag}")
        key = admin.find_element(By.ID, "field-key")
        key.clear()
        key.send_keys(f"order_{tag}")
        admin.find_element(By.ID, "field-required").click()
        admin.find_element(By.ID, "field-submit").click()
        wait(admin, lambda d: "notice=field" in d.current_url and d.find_elements(By.ID, "field-table"))
        self.assertIn(f"order_{tag}", admin.find_element(By.ID, "field-table").text)
        self.assert_clean(admin, "admin-custom-fields")

        # A department.
        admin.find_element(By.ID, "admin-departments").click()
        admin.find_element(By.ID, "department-name").send_keys(f"Returns {tag}")
        admin.find_element(By.ID, "department-submit").click()
        wait(admin, lambda d: "notice=department" in d.current_url and d.find_elements(By.ID, "department-table"))
        self.assertIn(f"Returns {tag}", admin.find_element(By.ID, "department-table").text)

        # Both in the audit log, by this admin.
        admin.find_element(By.ID, "admin-audit").click()
        wait(admin, lambda d: d.find_elements(By.ID, "audit-table"))
        rows = admin.find_elements(By.CSS_SELECTOR, "#audit-table tbody tr")
        department = [row for row in rows if row.get_attribute("data-audit-object") == "departments" and f"Returns {tag}" in row.text]
        field = [row for row in rows if row.get_attribute("data-audit-object") == "custom_fields" and f"order_{tag}" in row.text]
        self.assertEqual(len(department), 1)
        self.assertEqual(len(field), 1)
        for row in department + field:
            self.assertIn("Ada Admin", row.text)
        self.assert_clean(admin, "admin-audit")

        fields = api("GET", "/custom-fields?entity=ticket")["customFields"]
        self.assertTrue(any(f["key"] == f"order_{tag}" and f["required"] for f in fields))


def remove_field(key):
    for field in api("GET", "/custom-fields?entity=ticket")["customFields"]:
        if field["key"] == key:
            api("DELETE", f"/custom-fields/{field['id']}")
