package proxy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowmock/flowmock/proxy"
)

func TestLoadCredentials(t *testing.T) {
	const ini = "[default]\ntype = access_key\naccess_key_id = iniId\naccess_key_secret = iniSecret\n\n[ci]\ntype = sts\naccess_key_id = stsId\naccess_key_secret = stsSecret\nsecurity_token = stsToken\n"
	const cli = `{"current":"main","profiles":[{"name":"main","mode":"AK","access_key_id":"cliId","access_key_secret":"cliSecret"},{"name":"ram","mode":"RamRoleArn"}]}`
	tests := []struct {
		name    string
		env     map[string]string
		files   map[string]string // path under home → content
		want    proxy.Credentials
		wantErr string
	}{
		{name: "nothing", want: proxy.Credentials{}},
		{name: "environment wins", env: map[string]string{proxy.EnvAccessKeyID: "envId", proxy.EnvAccessKeySecret: "envSecret", proxy.EnvSecurityToken: "envToken"},
			files: map[string]string{".alibabacloud/credentials": ini},
			want:  proxy.Credentials{AccessKeyID: "envId", AccessKeySecret: "envSecret", SecurityToken: "envToken", Source: "environment"}},
		{name: "id without secret", env: map[string]string{proxy.EnvAccessKeyID: "envId"}, wantErr: proxy.EnvAccessKeySecret},
		{name: "credentials file, default profile", files: map[string]string{".alibabacloud/credentials": ini},
			want: proxy.Credentials{AccessKeyID: "iniId", AccessKeySecret: "iniSecret", Source: ".alibabacloud/credentials"}},
		{name: "credentials file, STS profile", env: map[string]string{proxy.EnvProfile: "ci"}, files: map[string]string{".alibabacloud/credentials": ini},
			want: proxy.Credentials{AccessKeyID: "stsId", AccessKeySecret: "stsSecret", SecurityToken: "stsToken", Source: ".alibabacloud/credentials"}},
		{name: "credentials file, unknown profile", env: map[string]string{proxy.EnvProfile: "nope"}, files: map[string]string{".alibabacloud/credentials": ini}, wantErr: "no profile [nope]"},
		{name: "credentials file incomplete", files: map[string]string{".alibabacloud/credentials": "[default]\naccess_key_id = x\n"}, wantErr: "needs access_key_id and access_key_secret"},
		{name: "named credentials file missing", env: map[string]string{proxy.EnvCredentialsFile: "/nonexistent/creds"}, wantErr: "/nonexistent/creds"},
		{name: "CLI config, current profile", files: map[string]string{".aliyun/config.json": cli},
			want: proxy.Credentials{AccessKeyID: "cliId", AccessKeySecret: "cliSecret", Source: ".aliyun/config.json"}},
		{name: "CLI config, unsupported mode", env: map[string]string{proxy.EnvProfile: "ram"}, files: map[string]string{".aliyun/config.json": cli}, wantErr: `mode "RamRoleArn"`},
		{name: "CLI config, broken", files: map[string]string{".aliyun/config.json": "{"}, wantErr: "config.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			for p, content := range tt.files {
				path := filepath.Join(home, p)
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := proxy.LoadCredentials(func(k string) string { return tt.env[k] }, home)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want.Source != "" && tt.want.Source != "environment" {
				tt.want.Source = filepath.Join(home, tt.want.Source)
			}
			if got != tt.want {
				t.Errorf("got %#v (%s / %s / %s), want %#v", got, got.AccessKeyID, got.AccessKeySecret, got.SecurityToken, tt.want)
			}
		})
	}
}

func TestNewRefuses(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  proxy.Config
		want string
	}{
		{"no URL", proxy.Config{}, "want an http or https URL"},
		{"no scheme", proxy.Config{URL: "fnf.aliyuncs.com"}, "want an http or https URL"},
		{"user info", proxy.Config{URL: "https://id:secret@fnf.aliyuncs.com"}, "scheme, host and port only"},
		{"query", proxy.Config{URL: "https://fnf.aliyuncs.com/?AccessKeyId=x"}, "scheme, host and port only"},
		{"sign", proxy.Config{URL: "https://fnf.aliyuncs.com", Sign: "v2"}, "want auto, v1 or v3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := proxy.New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v, want an error mentioning %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows the secret in the URL: %v", err)
			}
		})
	}
}
