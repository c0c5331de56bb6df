import { useState } from 'react';
import { Alert, Button, Paper, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useApi } from '../api/ApiContext.tsx';
import type { RegisteredClient } from '../api/features/apps-api.ts';
import { ApiError, errorMessage } from '../api/WorkstationApi.ts';
import { FieldGrid, FormActions } from '../design/index.ts';
import { checkDraft, emptyDraft, KIND_LABEL, SYSTEM_PURPOSE_LABEL, type AppKind, type DraftErrors, type SmartAppDraft, type SystemPurpose } from './smart-app-draft.ts';

const KINDS: AppKind[] = ['public', 'confidential', 'backend'];
const isKind = (v: string): v is AppKind => (KINDS as string[]).includes(v);
const PURPOSES: SystemPurpose[] = ['lab'];
const isPurpose = (v: string | null): v is SystemPurpose => v !== null && (PURPOSES as string[]).includes(v);

/**
 * Registering a SMART app (public: PKCE, no secret; confidential: a client secret) or a Backend
 * Services system client (its public JWKS and purpose). Fields are checked before sending; the
 * server's refusal (e.g. a scope beyond the client's purpose) is shown under the field it names.
 */
export function RegisterSmartAppForm({ onRegistered, onCancel }: { onRegistered: (r: RegisteredClient, name: string) => void; onCancel: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<SmartAppDraft>(emptyDraft());
  const [errors, setErrors] = useState<DraftErrors>({});
  const set = <K extends keyof SmartAppDraft>(k: K, v: SmartAppDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const register = useMutation({
    mutationFn: (input: Parameters<typeof api.apps.registerClient>[0]) => api.apps.registerClient(input),
    onSuccess: (r, input) => onRegistered(r, input.name),
    onError: (e) => {
      const scopeIssue = e instanceof ApiError ? e.issues.find((i) => i.path === 'scope') : undefined;
      if (scopeIssue !== undefined) setErrors({ scope: errorMessage(e) });
    },
  });
  const submit = () => {
    const checked = checkDraft(draft);
    if (!checked.ok) { setErrors(checked.errors); return; }
    setErrors({});
    register.mutate(checked.input);
  };
  const serverError = register.isError && errors.scope === undefined ? errorMessage(register.error) : null;
  const backend = draft.kind === 'backend';
  return (
    <Paper withBorder p="sm" component="form" aria-label="Register app" noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Stack gap="xs">
        <SegmentedControl
          aria-label="Kind of client" w="fit-content" value={draft.kind}
          onChange={(v) => { if (isKind(v)) { set('kind', v); setErrors({}); } }}
          data={KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
        />
        <FieldGrid cols={2}>
          <TextInput label="Name" required description="As clinicians see it in the chart's Apps menu" value={draft.name} error={errors.name} onChange={(e) => set('name', e.currentTarget.value)} data-autofocus />
          {backend
            ? <Select label="Purpose" required description="Bounds what the system may ever do" data={PURPOSES.map((p) => ({ value: p, label: SYSTEM_PURPOSE_LABEL[p] }))} value={draft.purpose} allowDeselect={false} onChange={(v) => { if (isPurpose(v)) set('purpose', v); }} />
            : <TextInput label="Launch URL" description="Opened from the chart with the patient in context (leave empty for standalone only)" value={draft.launchUrl} error={errors.launchUrl} onChange={(e) => set('launchUrl', e.currentTarget.value)} />}
          <Textarea
            label="Scopes" required autosize minRows={2}
            description={backend ? 'Space-separated, e.g. system/Observation.c system/DiagnosticReport.c system/ServiceRequest.rs' : 'Space-separated, e.g. launch openid fhirUser patient/Patient.rs patient/Observation.rs'}
            value={draft.scope} error={errors.scope} onChange={(e) => set('scope', e.currentTarget.value)}
          />
          {backend
            ? <Textarea label="Public key set (JWKS)" required autosize minRows={3} maxRows={8} description='The system signs its token requests with the matching private key (RS384 or ES384): {"keys": [...]}' value={draft.jwks} error={errors.jwks} onChange={(e) => set('jwks', e.currentTarget.value)} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
            : <Textarea label="Redirect URIs" required autosize minRows={2} description="One per line: where the app receives its authorization code" value={draft.redirectUris} error={errors.redirectUris} onChange={(e) => set('redirectUris', e.currentTarget.value)} />}
        </FieldGrid>
        {serverError !== null && <Alert color="red" role="alert" title="Not registered">{serverError}</Alert>}
        <FormActions>
          <Button type="submit" loading={register.isPending}>Register</Button>
          <Button variant="default" onClick={onCancel}>Cancel</Button>
        </FormActions>
      </Stack>
    </Paper>
  );
}
