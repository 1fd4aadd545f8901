package mail

import "testing"

func TestConfig_Validate(t *testing.T) {
	t.Parallel()
	valid := Config{Server: "smtp.example.com", Port: 587, UseTLS: true, Sender: "noreply@skatetrax.com"}
	cases := []struct {
		name    string
		change  func(*Config)
		wantErr bool
	}{
		{"starttls_is_valid", func(*Config) {}, false},
		{"implicit_tls_is_valid", func(c *Config) { c.UseTLS, c.UseSSL, c.Port = false, true, 465 }, false},
		{"plain_is_valid", func(c *Config) { c.UseTLS = false; c.Port = 25 }, false},
		{"ipv4_server_is_valid", func(c *Config) { c.Server = "10.0.0.5" }, false},
		{"sender_with_display_name_is_valid", func(c *Config) { c.Sender = "Skatetrax <noreply@skatetrax.com>" }, false},
		{"credentials_are_valid", func(c *Config) { c.Username, c.Password = "u", "p" }, false},

		{"tls_and_ssl_together", func(c *Config) { c.UseSSL = true }, true},
		{"empty_server", func(c *Config) { c.Server = "" }, true},
		{"server_with_port", func(c *Config) { c.Server = "smtp.example.com:587" }, true},
		{"server_ipv6_literal", func(c *Config) { c.Server = "::1" }, true},
		{"server_url", func(c *Config) { c.Server = "smtp://smtp.example.com" }, true},
		{"server_with_space", func(c *Config) { c.Server = "smtp example.com" }, true},
		{"port_zero", func(c *Config) { c.Port = 0 }, true},
		{"port_negative", func(c *Config) { c.Port = -1 }, true},
		{"port_too_high", func(c *Config) { c.Port = 65536 }, true},
		{"port_max_is_valid", func(c *Config) { c.Port = 65535 }, false},
		{"empty_sender", func(c *Config) { c.Sender = "" }, true},
		{"sender_without_at", func(c *Config) { c.Sender = "noreply" }, true},
		{"sender_list", func(c *Config) { c.Sender = "a@example.com, b@example.com" }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := valid
			tc.change(&c)
			err := c.Validate()
			if (err != nil) != tc.wantErr {
				t.Fatalf("Validate(%+v) = %v, wantErr %v", c, err, tc.wantErr)
			}
		})
	}
}
