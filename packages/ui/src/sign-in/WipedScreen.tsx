import { Paper, Stack, Text, Title } from '@mantine/core';
import { IconShieldX } from '@tabler/icons-react';

/**
 * Shown instead of sign-in once the organisation wiped this workstation (a remote wipe an
 * administrator requested): its charts, drafts and offline sign-ins are gone, and the server no
 * longer accepts it, so there is nothing to sign in to. Writes it could not send were kept.
 */
export function WipedScreen({ wipedAt }: { wipedAt: string }) {
  const when = new Date(wipedAt);
  const shown = Number.isNaN(when.getTime()) ? null : when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <main className="sign-in" aria-labelledby="wiped-title">
      <Paper shadow="sm" p="xl" w="28rem" h="fit-content">
        <Stack gap="sm">
          <IconShieldX size={32} aria-hidden />
          <Title order={1} id="wiped-title">This workstation was wiped by your organisation</Title>
          <Text size="sm">
            Its patient records, drafts and saved sign-ins were removed{shown === null ? '' : ` on ${shown}`}. Nobody can sign in here until IT sets it up again.
          </Text>
          <Text size="sm" c="dimmed">Contact IT support if you did not expect this.</Text>
        </Stack>
      </Paper>
    </main>
  );
}
