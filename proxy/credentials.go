package proxy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/ini.v1"
)

// Credentials are the upstream's AccessKey pair and, for STS, its security token. Their
// String, and so every log line or error that prints them, never shows the secret or the
// token.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	// Source says where they came from: "environment", a file path, or "" for none.
	Source string
}

// IsZero reports whether there are no credentials (requests go upstream unsigned).
func (c Credentials) IsZero() bool { return c.AccessKeyID == "" }

// String names the key by a masked id and its source, never the secret.
func (c Credentials) String() string {
	if c.IsZero() {
		return "none (requests are forwarded unsigned)"
	}
	id := c.AccessKeyID
	if len(id) > 8 {
		id = id[:4] + "…" + id[len(id)-3:]
	} else {
		id = "…"
	}
	s := "AccessKey " + id + " from " + c.Source
	if c.SecurityToken != "" {
		s += " (STS)"
	}
	return s
}

// GoString keeps %#v from printing the secret too.
func (c Credentials) GoString() string { return "proxy.Credentials{" + c.String() + "}" }

// The environment variables the Alibaba Cloud SDKs and CLI read.
const (
	EnvAccessKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvAccessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	EnvSecurityToken   = "ALIBABA_CLOUD_SECURITY_TOKEN"
	EnvCredentialsFile = "ALIBABA_CLOUD_CREDENTIALS_FILE"
	EnvProfile         = "ALIBABA_CLOUD_PROFILE"
)

// LoadCredentials finds the upstream's credentials as the SDKs do, first found wins: the
// environment (ALIBABA_CLOUD_ACCESS_KEY_ID, _SECRET, _SECURITY_TOKEN); the credentials file
// ($ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials, an INI file, profile
// $ALIBABA_CLOUD_PROFILE or "default", type access_key or sts); the CLI's
// ~/.aliyun/config.json (its current profile, mode AK or StsToken). None found is zero
// Credentials and no error; a file that is there but unreadable or incomplete is an error
// naming it.
func LoadCredentials(getenv func(string) string, home string) (Credentials, error) {
	if id := getenv(EnvAccessKeyID); id != "" {
		secret := getenv(EnvAccessKeySecret)
		if secret == "" {
			return Credentials{}, fmt.Errorf("%s is set but %s is not", EnvAccessKeyID, EnvAccessKeySecret)
		}
		return Credentials{AccessKeyID: id, AccessKeySecret: secret, SecurityToken: getenv(EnvSecurityToken), Source: "environment"}, nil
	}
	profile := getenv(EnvProfile)
	file, explicit := getenv(EnvCredentialsFile), true
	if file == "" && home != "" {
		file, explicit = filepath.Join(home, ".alibabacloud", "credentials"), false
	}
	if file != "" {
		c, err := iniCredentials(file, profile)
		if err == nil || explicit || !errors.Is(err, fs.ErrNotExist) {
			return c, err
		}
	}
	if home == "" {
		return Credentials{}, nil
	}
	c, err := cliCredentials(filepath.Join(home, ".aliyun", "config.json"), profile)
	if errors.Is(err, fs.ErrNotExist) {
		return Credentials{}, nil
	}
	return c, err
}

func iniCredentials(path, profile string) (Credentials, error) {
	if _, err := os.Stat(path); err != nil {
		return Credentials{}, err
	}
	f, err := ini.Load(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials file %s: %w", path, err)
	}
	if profile == "" {
		profile = "default"
	}
	sec, err := f.GetSection(profile)
	if err != nil {
		return Credentials{}, fmt.Errorf("credentials file %s: no profile [%s]", path, profile)
	}
	key := func(k string) string { return sec.Key(k).String() }
	switch t := key("type"); t {
	case "", "access_key", "sts":
	default:
		return Credentials{}, fmt.Errorf("credentials file %s: profile [%s]: type %q is not supported; use access_key or sts", path, profile, t)
	}
	c := Credentials{AccessKeyID: key("access_key_id"), AccessKeySecret: key("access_key_secret"), SecurityToken: key("security_token"), Source: path}
	if c.AccessKeyID == "" || c.AccessKeySecret == "" {
		return Credentials{}, fmt.Errorf("credentials file %s: profile [%s] needs access_key_id and access_key_secret", path, profile)
	}
	return c, nil
}

// cliConfig is the part of the aliyun CLI's config.json read here.
type cliConfig struct {
	Current  string `json:"current"`
	Profiles []struct {
		Name            string `json:"name"`
		Mode            string `json:"mode"`
		AccessKeyID     string `json:"access_key_id"`
		AccessKeySecret string `json:"access_key_secret"`
		StsToken        string `json:"sts_token"`
	} `json:"profiles"`
}

func cliCredentials(path, profile string) (Credentials, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Credentials{}, err
	}
	var cfg cliConfig
	if err := json.Unmarshal(b, &cfg); err != nil {
		return Credentials{}, fmt.Errorf("%s: %w", path, err)
	}
	if profile == "" {
		profile = cfg.Current
	}
	if profile == "" {
		profile = "default"
	}
	for _, p := range cfg.Profiles {
		if p.Name != profile {
			continue
		}
		if p.Mode != "AK" && p.Mode != "StsToken" {
			return Credentials{}, fmt.Errorf("%s: profile %q has mode %q; flowmock reads AK and StsToken profiles", path, profile, p.Mode)
		}
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return Credentials{}, fmt.Errorf("%s: profile %q needs access_key_id and access_key_secret", path, profile)
		}
		return Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, SecurityToken: p.StsToken, Source: path}, nil
	}
	return Credentials{}, fmt.Errorf("%s: no profile %q", path, profile)
}
