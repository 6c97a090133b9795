"""The help-center portal in real Chromium: a customer registers, is told about a required
field they left empty, sends the form, and reads the agent's reply; notes never show."""

import uuid

from selenium.webdriver.common.by import By

from support import BASE, BrowserTest, api, wait


def remove_field(key):
    for field in api("GET", "/custom-fields?entity=ticket")["customFields"]:
        if field["key"] == key:
            api("DELETE", f"/custom-fields/{field['id']}")


class PortalTest(BrowserTest):
    def test_register_contact_and_read_the_reply(self):
        tag = uuid.uuid4().hex[:6]
        key = f"order_{tag}"
        api("POST", "/custom-fields", {"entity": "ticket", "key": key, "label": "Order number", "kind": "text", "required": True})
        # A required ticket field would stop the other suites creating tickets: it goes at the end.
        self.addCleanup(remove_field, key)

        customer = self.browser()
        customer.get(BASE + "/")
        customer.find_element(By.ID, "nav-register").click()
        customer.find_element(By.ID, "register-name").send_keys("Kim Min-jun")
        customer.find_element(By.ID, "register-email").send_keys(f"kim-{tag}@example.com")
        customer.find_element(By.ID, "register-password").send_keys("short")
        customer.find_element(By.ID, "register-submit").click()
        wait(customer, lambda d: d.find_elements(By.ID, "register-password-error"))
        self.assertEqual(customer.find_element(By.ID, "register-name").get_attribute("value"), "Kim Min-jun")
        customer.find_element(By.ID, "register-password").send_keys("a long enough passphrase")
        customer.find_element(By.ID, "register-submit").click()
        wait(customer, lambda d: d.find_elements(By.ID, "contact-form"))
        self.assertEqual(customer.find_element(By.ID, "portal-signed-in-as").text, "Kim Min-jun")

        # The form, with the required field left empty: the error is shown and nothing is lost.
        customer.find_element(By.ID, "contact-subject").send_keys(f"Parcel never arrived {tag}")
        customer.find_element(By.ID, "contact-message").send_keys("The tracking page has said 'in transit' for two weeks.")
        customer.find_element(By.ID, "contact-submit").click()
        error = wait(customer, lambda d: d.find_elements(By.ID, f"field-{key}-error"))[0]
        self.assertEqual(error.text, "This field is required.")
        self.assertIn("1 field needs your attention.", customer.find_element(By.ID, "contact-problem").text)
        self.assertEqual(customer.find_element(By.ID, "contact-subject").get_attribute("value"), f"Parcel never arrived {tag}")
        self.assert_clean(customer, "portal-contact-error")
        customer.find_element(By.ID, f"field-{key}").send_keys("SB-10042")
        customer.find_element(By.ID, "contact-submit").click()
        wait(customer, lambda d: "notice=submitted" in d.current_url and d.find_elements(By.ID, "notice"))
        ref = int(customer.current_url.split("/tickets/")[1].split("?")[0])
        stored = api("GET", f"/tickets/{ref}")
        self.assertEqual(stored["ticket"]["fields"][key], "SB-10042")
        self.assertEqual(stored["messages"][0]["authorPersonID"], stored["ticket"]["personID"])

        # An agent replies, and adds a note the customer must never see.
        api("POST", f"/tickets/{ref}/messages", {"kind": "note", "body": "internal: check the courier's depot"})
        api("POST", f"/tickets/{ref}/messages", {"kind": "reply", "body": "We have asked the courier and will write again tomorrow."})
        customer.get(f"{BASE}/tickets")
        customer.find_element(By.LINK_TEXT, f"Parcel never arrived {tag}").click()
        thread = wait(customer, lambda d: d.find_elements(By.ID, "messages"))[0].text
        self.assertIn("We have asked the courier", thread)
        self.assertNotIn("internal", thread)

        # The customer answers; the ticket waits for the team again.
        customer.find_element(By.ID, "portal-reply").send_keys("Thank you!")
        customer.find_element(By.ID, "portal-reply-submit").click()
        wait(customer, lambda d: "notice=replied" in d.current_url and d.find_elements(By.ID, "notice"))
        self.assertEqual(api("GET", f"/tickets/{ref}")["ticket"]["status"], "awaiting_agent")
        self.assert_clean(customer, "portal-ticket")

        # Another browser, not signed in, cannot read it.
        stranger = self.browser()
        stranger.get(f"{BASE}/tickets/{ref}")
        wait(stranger, lambda d: d.current_url.endswith("/login"))
