import { Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/guards/auth.guards';
import { confirmLeaveLive } from './features/live/leave-live.guard';
import { hangUpOnLeave } from './features/call/hang-up-on-leave';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    loadComponent: () => import('./features/auth/pages/login.page').then((m) => m.LoginPage),
  },
  {
    path: 'register',
    canActivate: [guestGuard],
    loadComponent: () => import('./features/auth/pages/register.page').then((m) => m.RegisterPage),
  },
  {
    path: '',
    pathMatch: 'full',
    canActivate: [authGuard],
    loadComponent: () => import('./features/home/pages/home.page').then((m) => m.HomePage),
  },
  {
    path: 'lives',
    canActivate: [authGuard],
    loadComponent: () => import('./features/live/pages/lives.page').then((m) => m.LivesPage),
  },
  {
    // The shell owns the presenter's broadcast across /live/new → /live/:id.
    path: 'live',
    canActivate: [authGuard],
    canDeactivate: [confirmLeaveLive],
    loadComponent: () => import('./features/live/pages/live-shell').then((m) => m.LiveShell),
    children: [
      { path: 'new', loadComponent: () => import('./features/live/pages/go-live.page').then((m) => m.GoLivePage) },
      { path: ':id', loadComponent: () => import('./features/live/pages/live.page').then((m) => m.LivePage) },
      { path: '', pathMatch: 'full', redirectTo: '/lives' },
    ],
  },
  {
    path: 'calls',
    canActivate: [authGuard],
    loadComponent: () => import('./features/call/pages/calls.page').then((m) => m.CallsPage),
  },
  {
    path: 'call/:id',
    canActivate: [authGuard],
    canDeactivate: [hangUpOnLeave],
    loadComponent: () => import('./features/call/pages/call.page').then((m) => m.CallPage),
  },
  {
    path: 'account',
    pathMatch: 'full',
    canActivate: [authGuard],
    loadComponent: () => import('./features/account/pages/account.page').then((m) => m.AccountPage),
  },
  {
    path: 'account/api-keys',
    canActivate: [authGuard],
    loadComponent: () => import('./features/account/pages/api-keys.page').then((m) => m.ApiKeysPage),
  },
  {
    path: 'videos',
    canActivate: [authGuard],
    loadComponent: () => import('./features/vod/pages/videos.page').then((m) => m.VideosPage),
  },
  {
    path: 'videos/:id',
    canActivate: [authGuard],
    loadComponent: () => import('./features/vod/pages/video.page').then((m) => m.VideoPage),
  },
  { path: '**', redirectTo: '' },
];
